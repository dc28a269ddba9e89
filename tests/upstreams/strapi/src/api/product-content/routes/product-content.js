'use strict';

const { factories } = require('@strapi/strapi');

module.exports = factories.createCoreRouter('api::product-content.product-content', { only: ['find', 'findOne'] });
