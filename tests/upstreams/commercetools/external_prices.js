// Set LineItem TotalPrice, which @labdigital/commercetools-mock 4.4.0 lacks, written from
// commercetools' API reference (Carts > Update actions > Set LineItem TotalPrice):
//
//   { "action": "setLineItemTotalPrice", "lineItemId" | "lineItemKey",
//     "externalTotalPrice": { "price": Money, "totalPrice": Money } }
//
// sets the Line Item's `price` value and `totalPrice` and its `priceMode` to
// `ExternalTotal`; without `externalTotalPrice` the Line Item goes back to the `Platform`
// price mode and the Price the cart selects. The cart's `totalPrice` is the sum of its
// lines', as the mock computes it elsewhere. A Money in another currency than the cart's
// is refused (InvalidOperation), as is an unknown line (General, the mock's own wording).
//
// The mock's own error class is not exported: it is taken from an error the mock throws.

function mockErrorClass(handler) {
	try {
		handler.changeLineItemQuantity({}, { lineItems: [] }, {});
	} catch (error) {
		return error.constructor;
	}
	throw new Error("the commercetools mock no longer refuses a line update without an id");
}

function centMoney(money) {
	return {
		type: "centPrecision",
		currencyCode: money.currencyCode,
		centAmount: money.centAmount,
		fractionDigits: money.fractionDigits ?? 2,
	};
}

export function addExternalTotalPrices(mock) {
	const handler = mock._repositories.cart.actions;
	const MockError = mockErrorClass(handler);
	const platform = handler.setLineItemPrice.bind(handler);

	handler.setLineItemTotalPrice = (context, cart, { lineItemId, lineItemKey, externalTotalPrice }) => {
		const line = cart.lineItems.find(
			(li) => (lineItemId && li.id === lineItemId) || (lineItemKey && li.key === lineItemKey),
		);
		if (!line) {
			throw new MockError({
				code: "General",
				message: `A line item with ${lineItemKey ? `key '${lineItemKey}'` : `ID '${lineItemId}'`} not found.`,
			});
		}
		if (!externalTotalPrice) {
			// Back to Platform: the mock's Set LineItem Price without a price does exactly that.
			line.priceMode = "ExternalPrice";
			platform(context, cart, { lineItemId: line.id });
			return;
		}
		const currency = cart.totalPrice.currencyCode;
		for (const money of [externalTotalPrice.price, externalTotalPrice.totalPrice]) {
			if (!money || money.currencyCode !== currency || !Number.isInteger(money.centAmount)) {
				throw new MockError({
					code: "InvalidOperation",
					message: `Currency mismatch or malformed money. Expected '${currency}'.`,
				});
			}
		}
		line.priceMode = "ExternalTotal";
		line.price = { ...(line.price ?? {}), value: centMoney(externalTotalPrice.price) };
		line.totalPrice = centMoney(externalTotalPrice.totalPrice);
		line.discountedPricePerQuantity = [];
		cart.totalPrice.centAmount = cart.lineItems.reduce((sum, li) => sum + li.totalPrice.centAmount, 0)
			+ (cart.customLineItems ?? []).reduce((sum, li) => sum + li.totalPrice.centAmount, 0);
	};
}
