// The query page: YASGUI against this server's /sparql, with the competency questions as
// examples. Everything is served locally; the autocompleters that would call outside
// services (prefix.cc, Linked Open Vocabularies) are off, prefixes come from this server.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("sparql-config").textContent);
  var prefixLines = Object.keys(config.prefixes).map(function (p) {
    return "PREFIX " + p + ": <" + config.prefixes[p] + ">";
  }).join("\n");
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: config.endpoint }]; } },
    persistenceId: "amtsgraph-" + location.host,
    yasqe: {
      autocompleters: ["variables", "prefixes"],
      prefixCcApi: null,
      value: prefixLines + "\n\nSELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10",
    },
  });
  var tab = yasgui.getTab();
  if (tab) { tab.setEndpoint(config.endpoint); }
  document.querySelectorAll("button.example").forEach(function (button) {
    button.addEventListener("click", function () {
      var example = config.examples[Number(button.dataset.index)];
      var current = yasgui.getTab();
      current.setEndpoint(config.endpoint);
      current.setQuery(example.query);
      current.setName(example.title.slice(0, 40));
      current.query();
    });
  });
  window.amtsgraphYasgui = yasgui;
})();
