"""The Streamlit side of tradeviz, one module a job; a page imports the modules it uses.

- loading: the dataset loaded (cached) for a page, its problems shown, the footer.
- url_state: a page's values read from the URL or its widgets and written back; permalinks, links.
- widgets: the widgets a view's parameters declare, the filters box, the search box.
- text: text elements that always escape text from the data (tradeviz.markdown).
- display: a view's charts, tables, sections, cards, comparisons and downloads.
- presenting: the briefing deck: slides, the deck's list, adding a view, the pack.
- keyboard: the keys a presenter presses (Previous / Next / Leave buttons and their shortcuts).
- style: our fixed style sheets (every page, a phone, presenting) and whether the screen is a phone.
- editing: who may change the data; the Review page's cards and their save.
- streamlit_internals: every use of a Streamlit internal, each guarded by tests/test_streamlit_contract.py.

Streamlit stays in this package; everything a page shows is computed by its view, without it.
"""
