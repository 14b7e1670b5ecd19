"""Pages of the region that declare no charset decode in their own encoding, not as mojibake."""

from __future__ import annotations

import pytest

from crawler.extraction.decode import decode_html

_TEXTS = {
    "gb18030": "国务院总理今天在北京主持召开国务院常务会议，研究部署进一步做好稳就业工作，"
    "会议指出，要加大对中小企业的支持力度，落实减税降费政策，保持经济运行在合理区间。",
    "big5hkscs": "行政院長今天在立法院答詢時表示，政府將持續推動能源轉型，並加強與各國的經貿合作，"
    "立法委員也針對國防預算與兩岸關係提出質詢，院會將於下週繼續審查相關法案。",
    "cp932": "石破首相は八日の記者会見で、来年度予算案の編成について、物価高への対応を最優先に"
    "取り組む考えを示した。与党内では補正予算の規模をめぐって議論が続いている。",
    "cp949": "대통령은 오늘 국무회의에서 내년도 예산안과 관련해 민생 경제 회복을 최우선으로 "
    "추진하겠다고 밝혔다. 여야는 국회 본회의에서 추경 규모를 두고 논의를 이어갔다.",
}


@pytest.mark.parametrize("codec", sorted(_TEXTS))
def test_an_undeclared_page_reads_in_its_own_encoding(codec: str) -> None:
    text = _TEXTS[codec]
    page = f"<html><head><title>新聞</title></head><body><p>{text}</p></body></html>"
    decoded, encoding = decode_html(page.encode(codec))
    assert encoding == codec
    assert text in decoded


def test_a_declared_charset_still_wins() -> None:
    text = _TEXTS["big5hkscs"]
    page = f'<html><head><meta charset="big5"></head><body><p>{text}</p></body></html>'
    decoded, encoding = decode_html(page.encode("big5hkscs"))
    assert (encoding, text in decoded) == ("big5hkscs", True)


def test_a_western_page_without_a_charset_stays_windows_1252() -> None:
    page = "<html><body><p>Educação e saúde: o governo anunciou a reforma.</p></body></html>"
    decoded, encoding = decode_html(page.encode("cp1252"))
    assert (encoding, "Educação" in decoded) == ("cp1252", True)
