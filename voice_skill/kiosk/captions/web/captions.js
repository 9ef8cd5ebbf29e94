// Kiosk captions: follows /events (server-sent events, one JSON view per message) and shows it.
// Text goes in with textContent only, never as HTML.
"use strict";

(() => {
  const SIZE_KEY = "voice-skill.captions.size";
  const MIN_SCALE = 0.5;
  const MAX_SCALE = 3;
  const STEP = 1.2;
  const PHASES = {
    idle: "Ready — ask your question",
    listening: "Listening",
    thinking: "Thinking",
    speaking: "Speaking",
  };

  const $ = (id) => document.getElementById(id);
  const el = {
    banner: $("banner"),
    phase: $("phase"),
    phaseText: $("phase-text"),
    conn: $("conn"),
    smaller: $("smaller"),
    larger: $("larger"),
    heard: $("heard"),
    heardText: $("heard-text"),
    answer: $("answer"),
    history: $("history"),
    historyList: $("history-list"),
    talk: $("talk"),
  };

  // ---- text size: ?size= in the URL wins, then what A-/A+ stored, then 1 ----
  const clampScale = (v) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, v));
  let scale = 1;

  function initialScale() {
    const fromUrl = parseFloat(new URLSearchParams(location.search).get("size"));
    if (Number.isFinite(fromUrl) && fromUrl > 0) return clampScale(fromUrl);
    let stored = NaN;
    try {
      stored = parseFloat(localStorage.getItem(SIZE_KEY));
    } catch (_) {
      // storage unavailable: keep the default
    }
    return Number.isFinite(stored) && stored > 0 ? clampScale(stored) : 1;
  }

  function applyScale(value, remember) {
    scale = clampScale(value);
    document.documentElement.style.setProperty("--scale", scale.toFixed(3));
    el.smaller.disabled = scale <= MIN_SCALE;
    el.larger.disabled = scale >= MAX_SCALE;
    if (remember) {
      try {
        localStorage.setItem(SIZE_KEY, scale.toFixed(3));
      } catch (_) {
        // storage unavailable: the size lasts until reload
      }
    }
  }

  el.smaller.addEventListener("click", () => applyScale(scale / STEP, true));
  el.larger.addEventListener("click", () => applyScale(scale * STEP, true));
  applyScale(initialScale(), false);

  // ---- rendering ----
  let shown = { heard: null, answer: null, urgent: null, history: null };

  function renderPhase(phase) {
    const known = Object.prototype.hasOwnProperty.call(PHASES, phase);
    el.phase.dataset.phase = known ? phase : "idle";
    el.phaseText.textContent = known ? PHASES[phase] : PHASES.idle;
  }

  function renderBanner(view) {
    const key = view.urgent ? view.emergency_number : "";
    if (key === shown.urgent) return;
    shown.urgent = key;
    if (view.urgent) {
      el.banner.textContent =
        "Call your provider now. If it feels like an emergency, call " + view.emergency_number + ".";
      el.banner.hidden = false;
    } else {
      el.banner.hidden = true;
      el.banner.textContent = "";
    }
  }

  function renderTurn(view) {
    // The live region is re-read by screen readers when it changes: touch it only when the words change.
    if (view.heard === shown.heard && view.answer === shown.answer) return;
    shown.heard = view.heard;
    shown.answer = view.answer;
    el.heardText.textContent = view.heard;
    el.heard.hidden = view.heard === "";
    el.answer.textContent = view.answer;
    window.scrollTo(0, 0);
  }

  function renderHistory(history) {
    const key = JSON.stringify(history);
    if (key === shown.history) return;
    shown.history = key;
    el.historyList.replaceChildren();
    for (const turn of [...history].reverse()) {
      const item = document.createElement("li");
      const q = document.createElement("div");
      q.className = "q";
      q.textContent = "You asked: " + turn.heard;
      const a = document.createElement("div");
      a.className = "a";
      a.textContent = turn.answer;
      item.append(q, a);
      el.historyList.append(item);
    }
    el.history.hidden = history.length === 0;
  }

  function render(view) {
    renderPhase(view.phase);
    renderBanner(view);
    renderTurn(view);
    renderHistory(view.history || []);
    el.talk.hidden = !view.talk;
    document.body.dataset.seq = String(view.seq);
  }

  // ---- push-to-talk ----
  el.talk.addEventListener("click", async () => {
    el.talk.disabled = true;
    try {
      await fetch("/talk", { method: "POST", headers: { "X-Caption-Talk": "1" }, cache: "no-store" });
    } catch (_) {
      el.conn.hidden = false;
    } finally {
      setTimeout(() => {
        el.talk.disabled = false;
      }, 800);
    }
  });

  // ---- live updates: EventSource reconnects by itself; if it gives up, start a new one ----
  let source = null;

  function connect() {
    source = new EventSource("/events");
    source.onopen = () => {
      el.conn.hidden = true;
    };
    source.onmessage = (event) => {
      el.conn.hidden = true;
      render(JSON.parse(event.data));
    };
    source.onerror = () => {
      el.conn.hidden = false;
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        setTimeout(connect, 3000);
      }
    };
  }

  connect();
})();
