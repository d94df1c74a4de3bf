"""Training the page-type model: the demo site's and the golden pages give a working model."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("lightgbm")
pytest.importorskip("sklearn")

from cleaners import train_pagetype  # noqa: E402
from cleaners._pagetype import PAGE_FEATURES, PageTypeModel  # noqa: E402


@pytest.fixture(scope="module")
def pages():
    return train_pagetype.build_pages({"demo": train_pagetype.demo_pages(), "golden": train_pagetype.golden_pages()},
                                      progress=False)


def test_every_page_is_a_row_with_its_label_and_site(pages):
    assert pages.X.shape == (len(pages.y), len(PAGE_FEATURES))
    assert set(np.unique(pages.y)) == {0, 1}
    assert "demo" in set(pages.groups) and len(set(pages.groups)) > 5
    # the listings together weigh as much as the articles
    assert pages.weight[pages.y == 1].sum() == pytest.approx(pages.weight[pages.y == 0].sum())


def test_a_fitted_model_round_trips_and_pins_lightgbm(pages, tmp_path):
    model = train_pagetype.fit(pages, threshold=0.6, meta={"kind": "page-type"},
                               pinned=train_pagetype.pinned_pages(train_pagetype.PINNED_PAGES))
    again = PageTypeModel.from_json(model.to_json())
    assert np.allclose(again.trees.predict(pages.X), model.trees.predict(pages.X))
    assert set(model.meta["pinned"]) == set(train_pagetype.PINNED_PAGES)
    # in-sample it tells the demo site's index pages from its stories
    called = train_pagetype.decide(pages, model.trees.predict(pages.X), 0.6)
    assert called[pages.y == 1].mean() > 0.9 and called[pages.y == 0].mean() < 0.1


def test_the_cut_is_chosen_on_out_of_fold_chances_by_site(pages, tmp_path):
    chance = train_pagetype.cross_validate(pages, k=3)
    assert chance.shape == pages.y.shape and ((0 <= chance) & (chance <= 1)).all()
    cut = train_pagetype.pick_threshold(pages, chance, max_loss=0.05)
    assert train_pagetype.decide(pages, chance, cut)[pages.y == 0].mean() <= 0.05
    # the rows survive a round trip through the cache file
    train_pagetype.save_pages(pages, {"demo": 1}, tmp_path / "rows.npz")
    loaded, counts = train_pagetype.load_pages(tmp_path / "rows.npz")
    assert counts == {"demo": 1} and np.array_equal(loaded.X, pages.X) and loaded.pages == pages.pages
