// The demos' meter: bytes of the last update on the wire (the client reports every server frame).
document.addEventListener("hypergen:frame", event => {
  const meter = document.getElementById("meter")
  if (meter) meter.textContent = `last update: ${event.detail.bytes.toLocaleString()} bytes on the wire`
})
