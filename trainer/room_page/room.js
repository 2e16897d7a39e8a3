// The phones' page of a workshop room. Every text from the server is put on the page as text
// (textContent), never as HTML: scenario text is untrusted.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const params = new URLSearchParams(location.search);
  let code = params.get("room") || "";
  let token = "";
  let view = null;
  let events = null;
  let countdown = null;

  function say(text) { $("status").textContent = text; }

  async function post(path, body) {
    const response = await fetch(path, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
      credentials: "omit", cache: "no-store",
    });
    let data = {};
    try { data = await response.json(); } catch (e) { data = {}; }
    if (!response.ok) { throw new Error(data.error || ("The room answered " + response.status)); }
    return data;
  }

  async function join() {
    if (!/^[0-9]{4}$/.test(code)) { $("join").hidden = false; say("Type the room code shown on the projector."); return; }
    $("join").hidden = true;
    $("room").textContent = "Room " + code;
    token = localStorage.getItem("trainer-room-" + code) || "";
    if (!token) {
      try {
        const data = await post("/join", { code: code });
        token = data.token;
        localStorage.setItem("trainer-room-" + code, token);
      } catch (error) { say(error.message); $("join").hidden = false; return; }
    }
    listen();
  }

  function listen() {
    if (events) { events.close(); }
    events = new EventSource("/events?code=" + encodeURIComponent(code) + "&token=" + encodeURIComponent(token));
    events.onmessage = (message) => { view = JSON.parse(message.data); $("room").textContent = "Room " + code; render(); };
    events.addEventListener("closed", () => {
      events.close();
      clearInterval(countdown);
      $("decision").hidden = true;
      $("timer").hidden = true;
      $("room").textContent = "Room " + code;
      say("The workshop has ended: this room is closed.");
    });
    events.onerror = async () => {
      // A room that no longer knows this phone (a new room): join again; otherwise the browser retries.
      const check = await fetch("/state?code=" + encodeURIComponent(code) + "&token=" + encodeURIComponent(token)).catch(() => null);
      if (check && check.status === 403) {
        events.close();
        localStorage.removeItem("trainer-room-" + code);
        token = "";
        join();
      } else { $("room").textContent = "Room " + code + " · reconnecting…"; }
    };
  }

  async function vote(number) {
    if (!view || !view.decision || !view.open) { return; }
    try {
      await post("/vote", { code: code, token: token, decision: view.decision.number, choice: number });
      view.mine = number;
      render();
    } catch (error) { say(error.message); }
  }

  function render() {
    const decision = view && view.decision;
    $("decision").hidden = !decision;
    clearInterval(countdown);
    $("timer").hidden = true;
    if (!decision) { say("Waiting for the next decision…"); return; }
    const narration = $("narration");
    narration.replaceChildren(...decision.narration.map((text) => { const p = document.createElement("p"); p.textContent = text; return p; }));
    $("speaker").textContent = decision.speaker ? decision.speaker + ":" : "";
    $("said").textContent = decision.line;
    const choices = $("choices");
    choices.replaceChildren(...decision.choices.map((text, index) => {
      const number = index + 1;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "choice" + (view.mine === number ? " mine" : "");
      button.disabled = !view.open;
      const n = document.createElement("span"); n.className = "number"; n.textContent = String(number);
      const t = document.createElement("span"); t.className = "text"; t.textContent = text;
      button.append(n, t);
      if (view.counts) {
        const c = document.createElement("span"); c.className = "count"; c.textContent = String(view.counts[index]);
        button.append(c);
      }
      button.addEventListener("click", () => vote(number));
      return button;
    }));
    if (view.revealed) { say("The votes are revealed."); }
    else if (!view.open) { say(view.mine ? "Voting is closed. You voted " + view.mine + "." : "Voting is closed."); }
    else { say(view.mine ? "You voted " + view.mine + ". Tap another choice to change your vote." : "Tap your choice."); }
    if (view.open && view.seconds_left !== null) {
      let left = view.seconds_left;
      const show = () => { $("timer").hidden = false; $("timer").textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0"); };
      show();
      countdown = setInterval(() => { left = Math.max(0, left - 1); show(); }, 1000);
    }
  }

  $("join-button").addEventListener("click", () => { code = $("code").value.trim(); join(); });
  $("code").addEventListener("keydown", (event) => { if (event.key === "Enter") { $("join-button").click(); } });  // a phone keyboard's Go
  join();
})();
