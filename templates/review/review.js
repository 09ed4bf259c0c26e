
(() => {
  "use strict";
  // Static code: it never builds markup from report data (textContent, hidden, attributes only).
  document.documentElement.classList.add("js");
  const table = document.getElementById("component-table");
  const box = document.getElementById("component-search-box");
  const input = document.getElementById("component-search");
  const counter = document.getElementById("component-count");
  const noMatch = document.getElementById("component-nomatch");

  const componentRows = (body) => Array.from(body.rows).filter((row) => row.classList.contains("component"));

  if (table && box && input && counter) {
    const rows = Array.from(table.querySelectorAll("tr.component"));
    const filter = () => {
      const terms = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      for (const row of rows) {
        const haystack = row.getAttribute("data-search") || "";
        const match = terms.every((term) => haystack.includes(term));
        row.hidden = !match;
        if (match) shown += 1;
      }
      for (const body of table.tBodies) {
        body.hidden = !componentRows(body).some((row) => !row.hidden);
      }
      counter.textContent = terms.length
        ? `${shown} of ${rows.length} components`
        : `${rows.length} components`;
      if (noMatch) noMatch.hidden = shown !== 0;
    };
    input.addEventListener("input", filter);
    box.hidden = false;
    filter();
  }

  if (table) {
    const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
    const cellKey = (row, col) => {
      const cell = row.cells[col];
      if (!cell) return "";
      return cell.getAttribute("data-sort") ?? cell.textContent.trim();
    };
    for (const button of table.querySelectorAll("thead button[data-sort-col]")) {
      button.addEventListener("click", () => {
        const col = Number(button.getAttribute("data-sort-col"));
        const th = button.closest("th");
        const direction = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        for (const other of table.querySelectorAll("thead th")) other.removeAttribute("aria-sort");
        th.setAttribute("aria-sort", direction);
        const sign = direction === "ascending" ? 1 : -1;
        for (const body of table.tBodies) {
          const sorted = componentRows(body).sort((a, b) => sign * collator.compare(cellKey(a, col), cellKey(b, col)));
          for (const row of sorted) body.appendChild(row);
        }
      });
    }
  }

  // Open a collapsed license text when a link or the URL points at it.
  const openDetails = (id) => {
    const target = id ? document.getElementById(id) : null;
    if (target instanceof HTMLDetailsElement) target.open = true;
  };
  const openFromUrl = () => openDetails(decodeURIComponent(window.location.hash.slice(1)));
  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest('a[href^="#"]') : null;
    if (link) openDetails(decodeURIComponent(link.getAttribute("href").slice(1)));
  });
  window.addEventListener("hashchange", openFromUrl);
  openFromUrl();

  // Print every license text, then restore what the reader had collapsed.
  let reopened = [];
  window.addEventListener("beforeprint", () => {
    reopened = Array.from(document.querySelectorAll("details:not([open])"));
    for (const details of reopened) details.open = true;
  });
  window.addEventListener("afterprint", () => {
    for (const details of reopened) details.open = false;
    reopened = [];
  });
})();
