// The hand-written graphql-yoga + DataLoader peer of `python -m bench.run --peers`: the product
// listing page the way a Node developer would serve it over the bench emulator's REST
// endpoints (the same ones bench/connector.py calls): one search, then one DataLoader per
// batch endpoint (prices, stock), per request, over a keep-alive undici pool.
//
//   node server.mjs --port 4000 --emulator http://127.0.0.1:8701
//   PORT=4000 EMULATOR_URL=http://127.0.0.1:8701 node server.mjs
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

import DataLoader from 'dataloader';
import { createSchema, createYoga } from 'graphql-yoga';
import { Agent, request } from 'undici';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '4000' },
    host: { type: 'string', default: process.env.HOST ?? '127.0.0.1' },
    emulator: { type: 'string', default: process.env.EMULATOR_URL ?? 'http://127.0.0.1:8701' },
  },
});

// The shopper context omnicanal defaults to: web channel, euros, French, default group.
const CONTEXT = { channel: 'WEB', currency: 'EUR', group: 'default', language: 'fr' };
const MAX_BATCH_SIZE = 100;

const upstream = new Agent({ keepAliveTimeout: 30_000, connections: 128 });

async function getJson(path, params) {
  const url = `${args.emulator}${path}?${new URLSearchParams(params)}`;
  const { statusCode, body } = await request(url, { dispatcher: upstream });
  if (statusCode !== 200) {
    await body.dump();
    throw new Error(`${path} answered HTTP ${statusCode}`);
  }
  return body.json();
}

// Batch endpoints answer in any order and leave out unknown keys: match by SKU.
function inKeyOrder(skus, records) {
  const bySku = new Map(records.map((record) => [record.sku, record]));
  return skus.map((sku) => bySku.get(sku) ?? null);
}

function createLoaders() {
  const options = { maxBatchSize: MAX_BATCH_SIZE };
  return {
    prices: new DataLoader(async (skus) => {
      const { channel, currency, group } = CONTEXT;
      const answer = await getJson('/pricing/prices', { skus: skus.join(','), currency, channel, group });
      return inKeyOrder(skus, answer.prices);
    }, options),
    stock: new DataLoader(async (skus) => {
      const answer = await getJson('/inventory/stock', { skus: skus.join(','), channel: CONTEXT.channel });
      return inKeyOrder(skus, answer.stock);
    }, options),
  };
}

const typeDefs = /* GraphQL */ `
  type Query {
    products(first: Int = 24): [Product!]!
  }
  type Product {
    id: ID!
    title: String!
    handle: String!
    price: Price
    availability: Availability
  }
  type Price {
    amount: Float!
    currency: String!
  }
  type Availability {
    quantityAvailable: Int!
  }
`;

const defaultSku = (product) => product.variants[0].sku;

const resolvers = {
  Query: {
    products: async (_, { first }) => {
      const page = await getJson('/catalog/search', { first: String(Math.min(first, MAX_BATCH_SIZE)) });
      return page.items;
    },
  },
  Product: {
    id: (product) => product.uuid,
    title: (product) => product.name[CONTEXT.language] ?? product.name.fr,
    handle: (product) => product.slug,
    price: (product, _, { loaders }) => loaders.prices.load(defaultSku(product)),
    availability: (product, _, { loaders }) => loaders.stock.load(defaultSku(product)),
  },
  Price: {
    amount: (price) => Number(price.net),
  },
  Availability: {
    // Online stock: what the warehouses hold.
    quantityAvailable: (stock) =>
      stock.locations.reduce((sum, loc) => (loc.type === 'warehouse' ? sum + loc.qty : sum), 0),
  },
};

const yoga = createYoga({
  schema: createSchema({ typeDefs, resolvers }),
  context: () => ({ loaders: createLoaders() }),
  graphiql: false,
  landingPage: false,
  logging: 'warn',
});

const server = createServer(yoga);
server.listen(Number(args.port), args.host, () => {
  console.log(`yoga peer on http://${args.host}:${args.port}/graphql (emulator ${args.emulator})`);
});
// A benchmark peer holds nothing worth draining: stop at once.
process.on('SIGTERM', () => process.exit(0));
