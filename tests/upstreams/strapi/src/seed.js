'use strict';

const fs = require('fs');

// Loads the deterministic data set that tests/upstreams/strapi/seed.py wrote: locales, media
// files (external URLs, as a CDN upload provider stores them), then each document in its
// first locale and its translations, all published. Runs once, on an empty database.
async function seed(strapi, file) {
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  const pages = strapi.documents('api::page.page');
  if ((await pages.count({ locale: '*' })) > 0) return;
  await ensureLocales(strapi, data.locales, data.defaultLocale);
  const mediaIds = await createMedia(strapi, data.media);
  for (const page of data.pages) {
    await createLocalised(strapi, 'api::page.page', page.localized, (fields) => ({
      slug: page.slug,
      title: fields.title,
      blocks: blocks(fields.blocks, mediaIds),
    }));
  }
  for (const entry of data.productContents) {
    await createLocalised(strapi, 'api::product-content.product-content', entry.localized, (f) => ({
      productId: entry.productId,
      blocks: blocks(f.blocks, mediaIds),
    }));
  }
}

async function ensureLocales(strapi, locales, defaultCode) {
  const service = strapi.plugin('i18n').service('locales');
  for (const { code, name } of locales) {
    if (!(await service.findByCode(code))) await service.create({ code, name });
  }
  await service.setDefaultLocale({ code: defaultCode });
}

async function createMedia(strapi, media) {
  const ids = {};
  for (const m of media) {
    const file = await strapi.db.query('plugin::upload.file').create({
      data: {
        name: m.name,
        alternativeText: m.alt,
        hash: m.hash,
        ext: m.ext,
        mime: m.mime,
        size: m.size,
        url: m.url,
        provider: 'omnicanal-cdn',
        folderPath: '/',
      },
    });
    ids[m.key] = file.id;
  }
  return ids;
}

async function createLocalised(strapi, uid, localized, build) {
  const documents = strapi.documents(uid);
  let documentId = null;
  for (const [locale, fields] of Object.entries(localized)) {
    const data = build(fields);
    const entry = documentId
      ? await documents.update({ documentId, locale, data, status: 'published' })
      : await documents.create({ locale, data, status: 'published' });
    documentId = entry.documentId;
  }
}

function blocks(list, mediaIds) {
  return list.map((b) => ({
    type: b.type,
    title: b.title ?? null,
    body: b.body ?? null,
    media: (b.media ?? []).map((key) => mediaIds[key]),
  }));
}

module.exports = { seed };
