"""`omnicanal consistency`: differences between channels, explained by the rules the back
ends report or flagged. On the sample nothing is unexplained; a wrong price on one channel
is flagged for exactly that SKU and channel."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from connectors.context import Channel
from connectors.models import Money, Price, PriceRule, PriceRuleKind, Promotion, StockLevel
from gateway.cli import main
from gateway.consistency import ChannelView, compare, unexplained
from tests.support.instrumented import Recorder

# Sport (the app-only offer), a SPRING10 product, a markdown, DIY (the pro price).
SAMPLE_SKUS = ["OC-001204-TER-37", "OC-000007", "OC-000018", "OC-002004"]
SKEWED = """
[gateway]
data_dir = "data"
[connectors.shop]
kind = "tests.support.skewed:SKEWED"
[connectors.shop.settings]
database = "{database}"
skew = "OC-000007@APP=39.99"
[domains]
catalog = "shop"
pricing = "shop"
inventory = "shop"
content = "shop"
orders = "shop"
loyalty = "shop"
"""


def _eur(amount: str) -> Money:
    return Money(Decimal(amount), "EUR")


def _views(**prices: Price) -> dict[Channel, ChannelView]:
    stock = StockLevel("S", 5)
    return {
        Channel[name]: ChannelView(Channel[name], price, stock, int(price.amount.amount))
        for name, price in prices.items()
    }


APP_OFFER = PriceRule(PriceRuleKind.CHANNEL, "R-APP", "App offer", _eur("3.00"), Channel.APP)


def test_the_same_price_everywhere_has_no_finding() -> None:
    price = Price("S", _eur("20.00"))
    assert compare("S", _views(WEB=price, APP=price, KIOSK=price)) == []


def test_a_channel_rule_explains_its_channel_price_and_points() -> None:
    web = Price("S", _eur("20.00"))
    app = Price("S", _eur("17.00"), promotions=(Promotion("App offer"),), rules=(APP_OFFER,))
    findings = compare("S", _views(WEB=web, APP=app))
    assert {f.aspect for f in findings} == {"price", "promotions", "points"}
    assert unexplained(findings) == []


def test_a_price_no_rule_explains_is_flagged() -> None:
    web = Price("S", _eur("20.00"))
    findings = unexplained(compare("S", _views(WEB=web, APP=web, KIOSK=Price("S", _eur("18")))))
    assert [(f.channel, f.aspect) for f in findings] == [(Channel.KIOSK, "price")]
    assert "no rule explains" in findings[0].message


def test_a_rule_on_one_channel_must_say_it_is_restricted_to_it() -> None:
    web = Price("S", _eur("20.00"))
    stray = PriceRule(PriceRuleKind.SALE, "R-SALE", "Sale", _eur("2.00"))
    app = Price("S", _eur("18.00"), promotions=(Promotion("Sale"),), rules=(stray,))
    findings = unexplained(compare("S", _views(WEB=web, APP=app)))
    assert {(f.channel, f.aspect) for f in findings} == {
        (Channel.APP, "price"),
        (Channel.APP, "promotions"),
    }


def test_an_unquantified_channel_price_explains_a_different_base() -> None:
    web = Price("S", _eur("20.00"))
    listed = PriceRule(PriceRuleKind.CHANNEL, "app-prices", "App price list", None, Channel.APP)
    app = Price("S", _eur("19.00"), rules=(listed,))
    findings = compare("S", _views(WEB=web, APP=app))
    assert [f.aspect for f in findings] == ["price", "points"]
    assert unexplained(findings) == []


def test_different_online_stock_is_flagged() -> None:
    price = Price("S", _eur("20.00"))
    views = _views(WEB=price, APP=price)
    views[Channel.APP] = ChannelView(Channel.APP, price, StockLevel("S", 2), 20)
    (finding,) = compare("S", views)
    assert (finding.aspect, finding.explained) == ("availability", False)


def test_on_the_sample_every_difference_is_explained(
    sample_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("OMNICANAL_CONFIG", raising=False)
    monkeypatch.setenv("OMNICANAL_DATA_DIR", str(sample_dir))  # main() sets it; restored
    monkeypatch.chdir(sample_dir)  # no ./omnicanal.toml: the embedded sample
    assert main(["consistency", *SAMPLE_SKUS, "--data-dir", str(sample_dir)]) == 0
    out = capsys.readouterr().out
    for sku in SAMPLE_SKUS:
        assert sku in out
    for channel in Channel:
        assert channel.value in out
    assert "explained   APP price: 82.45 against 97.00: R-APP-SPORT" in out
    assert "UNEXPLAINED" not in out
    assert out.rstrip().endswith("0 unexplained")


def test_the_pro_group_is_explained_too(
    sample_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("OMNICANAL_CONFIG", raising=False)
    monkeypatch.setenv("OMNICANAL_DATA_DIR", str(sample_dir))
    monkeypatch.chdir(sample_dir)
    args = ["consistency", "OC-002004", "--customer-group", "pro"]
    assert main([*args, "--data-dir", str(sample_dir)]) == 0
    assert "R-PRO-DIY -26.00" in capsys.readouterr().out


def test_a_wrong_price_on_one_channel_is_flagged_alone(
    sample_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = tmp_path / "omnicanal.toml"
    config.write_text(SKEWED.format(database=sample_dir / "sample.db"))
    monkeypatch.setenv("OMNICANAL_CONFIG", str(config))  # main() sets it; restored
    monkeypatch.delenv("OMNICANAL_DATA_DIR", raising=False)
    assert main(["consistency", *SAMPLE_SKUS, "--config", str(config)]) == 1
    out = capsys.readouterr().out
    flagged = [line.strip() for line in out.splitlines() if "UNEXPLAINED" in line]
    assert len(flagged) == 1, out
    assert flagged[0].startswith("UNEXPLAINED APP price: 39.99 against 45.99")
    sku_of_flag = out[: out.index(flagged[0])].rsplit("\nOC-", 1)[1].split()[0]
    assert f"OC-{sku_of_flag}" == "OC-000007"
    assert out.rstrip().endswith("1 unexplained")


def test_an_unknown_sku_fails_the_check(
    sample_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("OMNICANAL_CONFIG", raising=False)
    monkeypatch.setenv("OMNICANAL_DATA_DIR", str(sample_dir))
    monkeypatch.chdir(sample_dir)
    assert main(["consistency", "NO-SUCH-SKU", "--data-dir", str(sample_dir)]) == 1
    assert "no product has this SKU" in capsys.readouterr().out


CATALOGUE_AND_PRICES = """
[gateway]
data_dir = "data"
[connectors.pim]
kind = "tests.support.instrumented:INSTRUMENTED"
[connectors.pim.settings]
database = "{database}"
[domains]
catalog = "pim"
pricing = "pim"
"""


def test_domains_left_unconfigured_are_left_out_of_the_comparison(
    sample_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    recorder: Recorder,
) -> None:
    config = tmp_path / "omnicanal.toml"
    config.write_text(CATALOGUE_AND_PRICES.format(database=sample_dir / "sample.db"))
    monkeypatch.setenv("OMNICANAL_CONFIG", str(config))
    monkeypatch.delenv("OMNICANAL_DATA_DIR", raising=False)
    assert main(["consistency", *SAMPLE_SKUS, "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "inventory: NOT_CONFIGURED" in out
    assert "loyalty: NOT_CONFIGURED" in out
    assert "explained   APP price: 82.45 against 97.00: R-APP-SPORT" in out
    # One price batch per channel, each with every SKU; one catalogue batch in all.
    assert recorder.calls["prices"] == len(Channel)
    assert recorder.keys["prices"] == [len(SAMPLE_SKUS)] * len(Channel)
    assert recorder.calls["products_by_sku"] == 1


@pytest.mark.parametrize("skus", [[" "], [f"SKU-{n}" for n in range(501)]], ids=["blank", "501"])
def test_too_few_or_too_many_skus_are_refused_before_any_call(
    sample_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    skus: list[str],
) -> None:
    monkeypatch.delenv("OMNICANAL_CONFIG", raising=False)
    monkeypatch.setenv("OMNICANAL_DATA_DIR", str(sample_dir))
    monkeypatch.chdir(sample_dir)
    assert main(["consistency", *skus, "--data-dir", str(sample_dir)]) == 2
    assert "give 1 to 500 SKUs" in capsys.readouterr().err
