from __future__ import annotations

from tasks.extract.analyse import warm_up
from tasks.text.language import _identifier


def test_warm_up_loads_what_a_first_batch_would_and_runs_extraction_through():
    _identifier.cache_clear()
    analysis = warm_up()
    assert _identifier.cache_info().currsize == 1  # the language identifier's model is loaded
    speakers = {quote.speaker_name for quote in analysis.quotes}
    assert "Dana Orlov" in speakers  # the invented article went through every stage
