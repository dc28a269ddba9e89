"""omnicanal cart actions as commercetools cart update actions, planned against the cart as
it stands (its lines, codes and custom fields), so that a plan made after a reload fits
the reloaded cart. Pure: `carts` sends the plan with the cart's version.

- AddLines: `addLineItem` by SKU (commercetools adds to an existing line of that variant),
  on the distribution channel the cart's sales channel maps to, if any;
- SetLineQuantities / RemoveLines: `changeLineItemQuantity` / `removeLineItem` for lines
  the cart has (0 removes); lines already gone are skipped;
- SetPromotionCodes: `removeDiscountCode` for codes no longer wanted, `addDiscountCode`
  for new ones;
- SetRewards / SetPickupStore: the cart type's custom fields (`setCustomType` first on a
  cart created without it); SetBuyer: `setCustomerId`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, assert_never

from connectors.commercetools.normalise import PICKUP_FIELD, REWARDS_FIELD, custom_fields
from connectors.models import (
    AddLines,
    CartAction,
    LineRequest,
    RemoveLines,
    SetBuyer,
    SetLineQuantities,
    SetPickupStore,
    SetPromotionCodes,
    SetRewards,
)

Raw = dict[str, Any]


def line_draft(line: LineRequest, distribution_channel: str | None) -> Raw:
    draft: Raw = {"sku": line.sku, "quantity": line.quantity}
    if distribution_channel:
        draft["distributionChannel"] = {"typeId": "channel", "id": distribution_channel}
    return draft


class Plan:
    def __init__(self, cart: Raw, cart_type: str, distribution_channel: str | None) -> None:
        self._lines = {str(li["id"]) for li in cart.get("lineItems") or ()}
        self._codes = {
            str(obj["code"]): str(info["discountCode"]["id"])
            for info in cart.get("discountCodes") or ()
            if (obj := info["discountCode"].get("obj"))
        }
        self._fields = dict(custom_fields(cart))
        self._typed = bool(cart.get("custom"))
        self._cart_type = cart_type
        self._channel = distribution_channel
        self.updates: list[Raw] = []

    def add(self, actions: Sequence[CartAction]) -> list[Raw]:
        for action in actions:
            self._apply(action)
        return self.updates

    def _apply(self, action: CartAction) -> None:
        match action:
            case AddLines(lines=lines):
                for line in lines:
                    self.updates.append(
                        {"action": "addLineItem", **line_draft(line, self._channel)}
                    )
            case SetLineQuantities(quantities=quantities):
                for line_id, quantity in quantities:
                    self._set_quantity(line_id, quantity)
            case RemoveLines(line_ids=line_ids):
                for line_id in line_ids:
                    self._set_quantity(line_id, 0)
            case SetPromotionCodes(codes=codes):
                self._set_codes(codes)
            case SetRewards(reward_ids=reward_ids):
                self._set_field(REWARDS_FIELD, list(dict.fromkeys(reward_ids)) or None)
            case SetPickupStore(store_id=store_id):
                self._set_field(PICKUP_FIELD, store_id)
            case SetBuyer(customer_id=customer_id):
                self.updates.append({"action": "setCustomerId", "customerId": customer_id})
            case _:
                assert_never(action)

    def _set_quantity(self, line_id: str, quantity: int) -> None:
        if line_id not in self._lines:
            return
        if quantity <= 0:
            self.updates.append({"action": "removeLineItem", "lineItemId": line_id})
            self._lines.discard(line_id)
        else:
            self.updates.append(
                {"action": "changeLineItemQuantity", "lineItemId": line_id, "quantity": quantity}
            )

    def _set_codes(self, codes: Sequence[str]) -> None:
        wanted = list(dict.fromkeys(c.strip() for c in codes if c.strip()))
        for code, code_id in list(self._codes.items()):
            if code not in wanted:
                ref = {"typeId": "discount-code", "id": code_id}
                self.updates.append({"action": "removeDiscountCode", "discountCode": ref})
                del self._codes[code]
        for code in wanted:
            if code not in self._codes:
                self.updates.append({"action": "addDiscountCode", "code": code})
                self._codes[code] = ""

    def set_field(self, name: str, value: object) -> list[Raw]:
        self._set_field(name, value)
        return self.updates

    def _set_field(self, name: str, value: object) -> None:
        if value is None and name not in self._fields:
            return  # nothing to remove (removing an absent field is refused by some APIs)
        if not self._typed:
            fields = {k: v for k, v in {**self._fields, name: value}.items() if v is not None}
            self.updates.append(
                {
                    "action": "setCustomType",
                    "type": {"typeId": "type", "key": self._cart_type},
                    "fields": fields,
                }
            )
            self._typed = True
        else:
            self.updates.append({"action": "setCustomField", "name": name, "value": value})
        if value is None:
            self._fields.pop(name, None)
        else:
            self._fields[name] = value
