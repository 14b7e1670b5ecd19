// polwire web: optional enhancements. Every page works without this file.
"use strict";

(function () {
  const log = document.getElementById("log");
  const filter = document.getElementById("log-filter");

  function applyFilter() {
    if (!log || !filter) return;
    const needle = filter.value.toLowerCase();
    for (const line of log.querySelectorAll(".line")) {
      const hit = !needle || line.textContent.toLowerCase().includes(needle);
      line.classList.toggle("hidden", !hit);
    }
  }

  function appendLines(text) {
    const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
    const parts = text.split("\n");
    if (parts[parts.length - 1] === "") parts.pop();
    for (const part of parts) {
      const span = document.createElement("span");
      const level = /\] (ERROR|CRITICAL):/.test(part) ? " log-error"
        : /\] WARNING:/.test(part) ? " log-warning" : "";
      span.className = "line" + level;
      span.textContent = part + "\n";  // text, never markup: a log line is data
      log.appendChild(span);
    }
    applyFilter();
    if (atBottom) log.scrollTop = log.scrollHeight;
  }

  // Follow a running crawl's log: poll the API from the byte offset the page was rendered at.
  function follow() {
    const state = document.getElementById("log-state");
    let offset = Number(log.dataset.offset || 0);
    let stopped = false;
    async function poll() {
      if (stopped) return;
      try {
        const response = await fetch(`/api/runs/${log.dataset.run}/log?offset=${offset}`,
                                     { credentials: "same-origin" });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const chunk = await response.json();
        if (chunk.text) appendLines(chunk.text);
        offset = chunk.next_offset;
        log.dataset.offset = String(offset);
        if (chunk.complete) {
          stopped = true;
          if (state) state.textContent = `run ${chunk.status}: reload for its checks and stats`;
          return;
        }
        if (state) state.textContent = "following: the run is still going";
      } catch (err) {
        if (state) state.textContent = `following paused (${err.message}), retrying`;
      }
      setTimeout(poll, 1000);
    }
    setTimeout(poll, 500);
  }

  if (log) log.scrollTop = log.scrollHeight;  // a log is read from its latest lines
  if (filter && log) filter.addEventListener("input", applyFilter);
  if (log && log.dataset.running === "1" && log.dataset.filtered !== "1") follow();
})();
