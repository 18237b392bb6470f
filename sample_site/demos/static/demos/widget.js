// The /widgets/ demo's client side: a stand-in for a third-party widget, and the hook that wires it
// to the page. Loaded with a plain <script src> (the sample site's CSP allows only 'self' scripts).

// TinyBarChart knows nothing about hypergen: a canvas bar chart that calls `onPick(index)` when a
// bar is clicked, like any charting library's click callback.
class TinyBarChart {
  constructor(container, { values, labels, onPick }) {
    this.canvas = document.createElement("canvas")
    this.canvas.width = 360
    this.canvas.height = 140
    this.canvas.setAttribute("aria-label", "bar chart")
    this.canvas.addEventListener("click", event => {
      const index = this.barAt(event.offsetX)
      if (index != null) onPick(index)
    })
    this.onPick = onPick
    container.append(this.canvas)
    this.update(values, labels)
  }

  update(values, labels) {
    this.values = values
    this.labels = labels
    this.draw()
  }

  get barWidth() {
    return this.canvas.width / Math.max(this.values.length, 1)
  }

  barAt(x) {
    const index = Math.floor(x / this.barWidth)
    return index >= 0 && index < this.values.length ? index : null
  }

  draw() {
    const { canvas, values, labels, barWidth } = this
    const context = canvas.getContext("2d")
    const top = Math.max(...values, 1)
    context.clearRect(0, 0, canvas.width, canvas.height)
    context.font = "12px system-ui, sans-serif"
    context.textAlign = "center"
    values.forEach((value, i) => {
      const height = (value / top) * (canvas.height - 36)
      const x = i * barWidth
      context.fillStyle = "#3b7dd8"
      context.fillRect(x + 6, canvas.height - 18 - height, barWidth - 12, height)
      context.fillStyle = "#222"
      context.fillText(String(value), x + barWidth / 2, canvas.height - 22 - height)
      context.fillText(labels[i] ?? "", x + barWidth / 2, canvas.height - 4)
    })
  }

  destroy() {
    this.canvas.remove()
  }
}

// The element's data attributes, which the server renders (and patches: then `updated` runs).
const read = el => ({
  values: el.dataset.values ? el.dataset.values.split(",").map(Number) : [],
  labels: el.dataset.labels ? el.dataset.labels.split(",") : [],
})

// `hv_hook="BarChart"` elements: registered before the hypergen client runs (this script comes
// first in the page), so the chart is mounted as soon as the page is hydrated.
window.hypergen ??= {}
window.hypergen.hooks ??= {}
window.hypergen.hooks.BarChart = {
  mounted() {
    const { values, labels } = read(this.el)
    // data-pick: the id of the @consumer handler a click goes to (the page declares it)
    this.chart = new TinyBarChart(this.el, { values, labels, onPick: index => this.pushEvent(this.el.dataset.pick, index) })
  },
  updated() {
    const { values, labels } = read(this.el)
    this.chart.update(values, labels)
  },
  destroyed() {
    this.chart.destroy()
  },
}
