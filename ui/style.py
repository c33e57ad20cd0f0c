"""The workspace stylesheet (a Python string so that it ships with the package)."""

CSS = """
:root { --pqa-red: #a61b1b; --pqa-ink: #1f2933; --pqa-muted: #5f6b7a; --pqa-line: #e3e6ea; --pqa-soft: #f7f8fa; }
.gradio-container { max-width: 1440px !important; }
footer { display: none !important; }

/* header */
#pqa-header, #pqa-header .html-container, #pqa-header .prose,
#pqa-panel-chat .html-container, #pqa-panel-chat .prose,
#pqa-panel-browse .html-container, #pqa-panel-browse .prose { padding: 0 !important; margin: 0 !important; }
.pqa-header { display: flex; justify-content: space-between; align-items: center; gap: 16px; flex-wrap: wrap;
  padding: 14px 18px; background: #fff; border: 1px solid var(--pqa-line); border-top: 3px solid var(--pqa-red);
  border-radius: 6px; }
.pqa-brand { display: flex; align-items: center; gap: 12px; }
.pqa-logo { display: inline-flex; width: 38px; height: 38px; align-items: center; justify-content: center;
  background: var(--pqa-red); color: #fff; font-weight: 700; font-size: 20px; border-radius: 4px; }
.pqa-name { font-size: 19px; font-weight: 700; color: var(--pqa-ink); letter-spacing: 1px; }
.pqa-sub { font-size: 13px; color: var(--pqa-muted); margin-top: 2px; }
.pqa-status { display: flex; flex-wrap: wrap; gap: 6px 14px; font-size: 12.5px; color: var(--pqa-muted); }
.pqa-status span { white-space: nowrap; max-width: 420px; overflow: hidden; text-overflow: ellipsis; }
.pqa-status b { color: var(--pqa-ink); }

/* chat messages */
#pqa-chat .message-wrap .message { font-size: 14.5px; }
.pqa-q { white-space: normal; }
.pqa-a { line-height: 1.7; color: var(--pqa-ink); }
.pqa-text { margin-bottom: 6px; }
.pqa-label { font-size: 12.5px; color: var(--pqa-muted); margin: 10px 0 6px; font-weight: 600; }
.pqa-chips { display: flex; flex-wrap: wrap; gap: 6px 8px; }
.pqa-cite { display: inline-flex; align-items: stretch; border: 1px solid #d8b4b4; border-radius: 4px;
  overflow: hidden; background: #fff; }
button.pqa-chip { border: 0; background: #fbf3f3; color: #7d1414; padding: 3px 10px; font-size: 13px;
  cursor: pointer; line-height: 1.6; text-align: left; border-radius: 0; }
button.pqa-chip:hover, button.pqa-chip.pqa-active { background: var(--pqa-red); color: #fff; }
small.pqa-chip-doc { margin-left: 6px; font-size: 11.5px; opacity: .75; }
button.pqa-chip-related { border: 1px dashed #b8c0cc; border-radius: 4px; background: #fff; color: #334155; }
button.pqa-chip-related:hover, button.pqa-chip-related.pqa-active { background: #334155; color: #fff; border-style: solid; }
button.pqa-copy { white-space: nowrap; flex-shrink: 0; cursor: pointer; font-size: 12px; color: var(--pqa-muted); background: #fff; border: 0;
  padding: 3px 8px; line-height: 1.6; }
.pqa-cite button.pqa-copy { border-left: 1px solid #ead2d2; }
button.pqa-copy:hover { color: var(--pqa-red); background: #fff7f7; }
button.pqa-copy.pqa-copied { color: #16794a; }
button.pqa-copy-all { border: 1px solid var(--pqa-line); border-radius: 4px; padding: 2px 10px; color: var(--pqa-ink); }
.pqa-foot { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 12px; margin-top: 10px; padding-top: 8px;
  border-top: 1px dashed var(--pqa-line); }
.pqa-note { font-size: 12px; color: var(--pqa-muted); }
details.pqa-more { margin-top: 8px; font-size: 13px; }
details.pqa-more summary { cursor: pointer; color: var(--pqa-muted); font-size: 12.5px; }
details.pqa-more .pqa-chips { margin-top: 6px; }
.pqa-badge { display: inline-block; font-size: 12px; padding: 1px 8px; border-radius: 3px; margin-bottom: 6px; font-weight: 600; }
.pqa-badge-warn { background: #fff4e0; color: #8a5300; border: 1px solid #f0cf93; }
.pqa-badge-err { background: #fdecec; color: #9b1c1c; border: 1px solid #f3b7b7; }
.pqa-badge-ok { background: #edf7f1; color: #14532d; border: 1px solid #b7dfc6; }
.pqa-badge-info { background: #eef2f7; color: #334155; border: 1px solid #d5dde8; }

/* generative answers: mode badge, notice line, per-sentence marks */
.pqa-gen .pqa-mode { margin-right: 6px; }
.pqa-gen-note { font-size: 12.5px; color: #7a4a00; background: #fff8e6; border: 1px solid #f0d595; border-radius: 4px;
  padding: 3px 8px; margin-bottom: 6px; }
.pqa-sent-ok .pqa-mark { color: #16794a; font-weight: 700; margin: 0 3px 0 1px; cursor: help; }
.pqa-sent-flag { background: #fff8e6; border-bottom: 1px dashed #e0a23b; }
.pqa-sent-flag .pqa-mark { font-size: 11.5px; color: #8a5300; border: 1px solid #f0cf93; border-radius: 3px;
  padding: 0 4px; margin: 0 3px; cursor: help; }
.pqa-legend { font-size: 12px; color: var(--pqa-muted); margin-top: 4px; }
.pqa-streaming .pqa-mode-streaming { animation: pqa-pulse 1.2s ease-in-out infinite; }
@keyframes pqa-pulse { 50% { opacity: .55; } }
#pqa-llm .pqa-llm-status { margin: 4px 0 0; font-size: 13px; }
.pqa-abstain { border-left: 3px solid #e0a23b; padding-left: 10px; }
.pqa-error { border-left: 3px solid #c62828; padding-left: 10px; }
.pqa-empty { color: var(--pqa-muted); font-size: 14px; line-height: 1.8; max-width: 520px; text-align: center; margin: 0 auto; }
.pqa-empty b { color: var(--pqa-ink); font-size: 16px; }
#pqa-examples { align-items: center; gap: 6px; flex-wrap: wrap; }
#pqa-examples > * { flex: 0 0 auto !important; min-width: 0 !important; width: auto !important; }
#pqa-examples .pqa-label { margin: 0 4px 0 0; }
.pqa-example { font-weight: 400 !important; }

/* source panel */
.pqa-panel { background: #fff; border: 1px solid var(--pqa-line); border-radius: 6px; padding: 16px 18px;
  min-height: 200px; }
.pqa-panel-empty { color: var(--pqa-muted); background: var(--pqa-soft); border-style: dashed; }
.pqa-panel-kicker { font-size: 12.5px; color: var(--pqa-red); font-weight: 600; letter-spacing: .5px; }
.pqa-panel-title { font-size: 18px; margin: 4px 0 2px; color: var(--pqa-ink); }
.pqa-panel-doc { font-size: 12.5px; color: var(--pqa-muted); margin-bottom: 10px; }
table.pqa-meta { width: 100%; border-collapse: collapse; font-size: 13.5px; margin: 8px 0; }
table.pqa-meta th { width: 72px; text-align: left; color: var(--pqa-muted); font-weight: 500; vertical-align: top;
  padding: 5px 8px 5px 0; white-space: nowrap; }
table.pqa-meta td { padding: 5px 0; border-bottom: 1px solid #f0f1f3; }
.pqa-unit { display: inline-block; margin: 1px 6px 3px 0; padding: 0 8px; border-radius: 3px; font-size: 13px; }
.pqa-unit-lead { background: #fbf3f3; color: #7d1414; border: 1px solid #ecd0d0; }
.pqa-unit-resp { background: #f1f5f9; color: #334155; border: 1px solid #dbe2ea; }
.pqa-none { color: #98a2b3; }
.pqa-source-text { font-size: 15px; line-height: 1.9; color: var(--pqa-ink); background: var(--pqa-soft);
  border: 1px solid var(--pqa-line); border-radius: 4px; padding: 12px 14px; text-align: justify; }
.pqa-panel mark, .pqa-source-text mark { background: #ffe9a8; color: inherit; padding: 1px 0; border-bottom: 2px solid #e0a23b; }
.pqa-panel-cite { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; margin: 10px 0 6px; }
.pqa-panel-cite code { font-size: 12.5px; background: #fff; border: 1px solid var(--pqa-line); padding: 2px 6px;
  border-radius: 3px; white-space: normal; }
.pqa-panel-cite button.pqa-copy { border: 1px solid var(--pqa-line); border-radius: 4px; }

/* tables (override the default prose table borders) */
.pqa-table th, .pqa-table td, .pqa-meta th, .pqa-meta td { border: 0 !important; border-bottom: 1px solid #eef0f3 !important; }
.pqa-table, .pqa-meta, .pqa-table tr, .pqa-meta tr { border: 0 !important; }
.pqa-table thead th { border-bottom: 1px solid var(--pqa-line) !important; }
.pqa-table-wrap { margin: 12px 0; }
table.pqa-table { width: 100%; border-collapse: collapse; font-size: 13.5px; background: #fff; }
table.pqa-table th { text-align: left; background: #f1f3f6; color: #3b4654; font-weight: 600; padding: 7px 10px;
  border-bottom: 1px solid var(--pqa-line); white-space: nowrap; }
table.pqa-table td { padding: 7px 10px; border-bottom: 1px solid #eef0f3; vertical-align: top; }
table.pqa-table tr:hover td { background: #fafbfc; }
.pqa-num { white-space: nowrap; color: var(--pqa-red); font-variant-numeric: tabular-nums; }
.pqa-nowrap { white-space: nowrap; }
.pqa-file { font-size: 12px; color: var(--pqa-muted); word-break: break-all; }
.pqa-unit-card { background: #fff; border: 1px solid var(--pqa-line); border-radius: 6px; padding: 12px 16px; }
.pqa-unit-card h3 { margin: 0 0 4px; font-size: 18px; }
.pqa-counts { display: flex; gap: 10px; margin-top: 8px; }
.pqa-count { background: var(--pqa-soft); border: 1px solid var(--pqa-line); border-radius: 4px; padding: 3px 10px; font-size: 13px; }
.pqa-count b { color: var(--pqa-red); font-size: 16px; }

/* messages */
.pqa-msg { padding: 9px 12px; border-radius: 4px; font-size: 14px; margin: 6px 0; border: 1px solid; }
.pqa-msg-info { background: var(--pqa-soft); border-color: var(--pqa-line); color: var(--pqa-muted); }
.pqa-msg-ok { background: #edf7f1; border-color: #b7dfc6; color: #14532d; }
.pqa-msg-warn { background: #fff8e6; border-color: #f0d595; color: #7a4a00; }
.pqa-msg-err { background: #fdecec; border-color: #f3b7b7; color: #8b1a1a; }
.pqa-preview-head { font-size: 13.5px; line-height: 1.9; margin: 6px 0; }

/* task browser */
.pqa-browse-doc { font-size: 14px; margin: 8px 0; color: var(--pqa-ink); }
.pqa-browse-sec { margin-bottom: 10px; background: #fff; border: 1px solid var(--pqa-line); border-radius: 6px; }
.pqa-browse-sec-title { font-weight: 600; font-size: 14px; padding: 7px 12px; background: #f1f3f6;
  border-bottom: 1px solid var(--pqa-line); display: flex; justify-content: space-between; }
.pqa-browse-sec-title span { color: var(--pqa-muted); font-weight: 400; font-size: 12.5px; }
.pqa-browse-row { display: flex; justify-content: space-between; gap: 12px; align-items: baseline;
  padding: 3px 12px; border-bottom: 1px solid #f3f4f6; }
.pqa-browse-row:last-child { border-bottom: 0; }
button.pqa-row-btn { border: 0; background: none; padding: 3px 0; cursor: pointer; text-align: left;
  color: var(--pqa-ink); font-size: 14px; }
button.pqa-row-btn:hover, button.pqa-row-btn.pqa-active { color: var(--pqa-red); text-decoration: underline; }
.pqa-browse-units { font-size: 12px; color: var(--pqa-muted); text-align: right; max-width: 45%; }

/* folded technical details */
details.pqa-details { font-size: 12px; color: var(--pqa-muted); }
details.pqa-details summary { cursor: pointer; font-size: 12px; color: var(--pqa-muted); }

/* conversations */
#pqa-side { gap: 8px; }
#pqa-convs label { font-size: 13px; }
#pqa-feedback { align-items: center; }

/* draft check */
.pqa-draft-row { display: flex; gap: 10px; padding: 8px 10px; border-bottom: 1px solid var(--pqa-line); background: #fff; }
.pqa-draft-n { color: var(--pqa-muted); font-size: 12px; min-width: 1.6em; text-align: right; }
.pqa-draft-text { font-size: 14px; line-height: 1.7; }
.pqa-draft-bad { background: #fdf3f3; }
.pqa-draft-none .pqa-draft-text { color: var(--pqa-muted); }
.pqa-draft ul { margin: 4px 0 0 1.2em; font-size: 13px; }
.pqa-issue { color: #8b1a1a; }
.pqa-draft-note { color: #7a4a00; }
.pqa-diff ul { margin: 6px 0 0 1.2em; max-height: 240px; overflow: auto; }

"""
