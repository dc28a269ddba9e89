'use strict';

// Strapi's own defaults, stated: the connector pages by 100, the most Strapi serves.
module.exports = {
  rest: { defaultLimit: 25, maxLimit: 100, withCount: true },
};
