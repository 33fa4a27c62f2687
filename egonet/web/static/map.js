// The patient's map: redrawn from each server-sent event (the server's own SVG and legend).
(function () {
  const map = document.getElementById("map");
  const legend = document.getElementById("legend");
  const events = new EventSource(document.body.dataset.events);
  events.onmessage = function (message) {
    const view = JSON.parse(message.data);
    document.documentElement.lang = view.language;
    document.getElementById("title").textContent = view.title;
    document.getElementById("help").textContent = view.help;
    document.getElementById("full-screen").textContent = view.full_screen;
    if (view.svg === null) {
      map.replaceChildren();
      const waiting = document.createElement("p");
      waiting.className = "waiting";
      waiting.textContent = view.waiting;
      map.appendChild(waiting);
      legend.replaceChildren();
    } else {
      map.innerHTML = view.svg; // the server's SVG: names escaped there
      legend.innerHTML = view.legend
        .map((key) => "<li>" + key.marker + "<span></span></li>")
        .join("");
      legend.querySelectorAll("span").forEach((span, k) => { span.textContent = view.legend[k].label; });
    }
    map.dataset.changes = String(Number(map.dataset.changes || "0") + 1);
  };
  document.getElementById("full-screen").addEventListener("click", function () {
    document.documentElement.requestFullscreen();
  });
})();
