// Starts GraphiQL on the gateway's explorer page. Plain browser script (no build step): React,
// ReactDOM and GraphiQL come from the UMD bundles the page loads before it, all served by the
// gateway itself, so the explorer works without internet access.
(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('explorer-config').textContent);
  var endpoint = new URL(config.endpoint, window.location.href).toString();
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: GraphiQL.createFetcher({ url: endpoint }),
      defaultQuery: config.defaultQuery,
      defaultHeaders: config.defaultHeaders,
      isHeadersEditorEnabled: true,
      // Open on the headers tab: that is where a bearer token goes.
      defaultEditorToolsVisibility: 'headers',
      // Tokens must not outlive the tab in localStorage.
      shouldPersistHeaders: false,
    }),
  );
})();
