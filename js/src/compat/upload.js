// File uploads over HTTP (`callback(action, file_input, upload_files=True)`, rendered by
// hypergen_vdom/compat/client.py as `js:hypergen.compat.upload`): the args as JSON in the field
// `hypergen_data`, each file input's files under its id, posted as multipart with
// XMLHttpRequest, which reports upload progress (fetch does not). Progress shows on Hypergen's
// `<progress id="hypergen-upload-progress-bar">` when the page has one, and as
// `hypergen:upload-progress` events on document (detail: {loaded, total}). The answer is a list
// of commands, as for any action; the server bounds the request (HYPERGEN_MAX_UPLOAD_BYTES).
export function upload(url, args, ids) {
  const { run, fail } = window.hypergen.ext
  const data = new FormData()
  data.append("hypergen_data", JSON.stringify({ args }))
  for (const id of ids) for (const file of document.getElementById(id)?.files || []) data.append(id, file)
  const bar = document.getElementById("hypergen-upload-progress-bar")
  const show = on => bar && (bar.style.visibility = on ? "visible" : "hidden")
  const xhr = new XMLHttpRequest()
  xhr.upload.onprogress = ({ loaded, total }) => {
    show(true)
    if (bar) bar.value = total ? loaded / total : 0
    document.dispatchEvent(new CustomEvent("hypergen:upload-progress", { detail: { loaded, total } }))
  }
  const done = () => {
    show(false)
    dispatchEvent(new Event("hypergen.post.after"))
  }
  xhr.onload = () => {
    done()
    let body
    try {
      body = JSON.parse(xhr.responseText)
    } catch {}
    if (xhr.status != 200 || !Array.isArray(body)) return fail(body?.error || `${url}: HTTP ${xhr.status}`, { status: xhr.status })
    try {
      run(body)
    } catch (err) {
      fail(err.message, { status: xhr.status })
    }
  }
  xhr.onerror = xhr.onabort = () => {
    done()
    fail(`${url}: upload failed`, { status: 0 })
  }
  xhr.open("POST", url)
  xhr.setRequestHeader("X-CSRFToken", document.getElementById("hypergen-client")?.dataset.csrf)
  dispatchEvent(new Event("hypergen.post.before"))
  xhr.send(data)
}
