// The page's settings: the data-* attributes of the client's own script tag (protocol §4).
// The script is deferred, so the tag is parsed by the time this runs.
export const config = document.getElementById("hypergen-client")?.dataset || {}
