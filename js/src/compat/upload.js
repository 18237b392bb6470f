// File uploads (`callback(func, file_input, upload_files=True)`, rendered by
// hypergen_vdom/compat/client.py). Progress shows on Hypergen's
// `<progress id="hypergen-upload-progress-bar">` when the page has one, and as
// `hypergen:upload-progress` events on document (detail: {loaded, total}), on both paths.
const progress = (loaded, total) => {
  const bar = document.getElementById("hypergen-upload-progress-bar")
  if (bar) {
    bar.style.visibility = total == null ? "hidden" : "visible"
    bar.value = total ? loaded / total : 0
  }
  if (total != null) document.dispatchEvent(new CustomEvent("hypergen:upload-progress", { detail: { loaded, total } }))
}

// To an @action (`js:hypergen.compat.upload`): the args as JSON in the field `hypergen_data`,
// each file input's files under its id, posted as multipart with XMLHttpRequest, which reports
// upload progress (fetch does not). The answer is a list of commands, as for any action; the
// server bounds the request (HYPERGEN_MAX_UPLOAD_BYTES).
export function upload(url, args, ids) {
  const { run, fail } = window.hypergen.ext
  const data = new FormData()
  data.append("hypergen_data", JSON.stringify({ args }))
  for (const id of ids) for (const file of document.getElementById(id)?.files || []) data.append(id, file)
  const xhr = new XMLHttpRequest()
  xhr.upload.onprogress = ({ loaded, total }) => progress(loaded, total)
  const done = () => {
    progress()
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

// To a @consumer (`js:hypergen.compat.wsupload`), over the page's websocket (protocol §5
// "Uploads", hypergen_vdom/uploads.py): each file is announced (["u", id, handler, name, size,
// type]), then sent in chunks of the size the server asks for (["u+", id, offset, bytes]), one at a
// time: the next goes once the server acknowledged the one before (["U", id, received]) and not
// sooner than the interval it asks for, so uploads use at most half the connection's frame budget.
// Then the event goes, each file input's marker {"$upload": input id} replaced by its files'
// upload ids; the handler gets Django UploadedFile objects there.
export const ANSWER_WITHIN = 10000 // ms: a chunk the server never answers (dropped) fails the upload
let last = 0 // upload ids of this page load
const waiting = new Map() // upload id → resolve(answer frame)
export const answer = frame => {
  waiting.get(frame[1])?.(frame)
  waiting.delete(frame[1])
}
// A dropped connection discards the server's partial uploads: what waits fails now.
document.addEventListener("hypergen:disconnected", () => waiting.forEach((_, id) => answer(["U", id, null, "connection lost"])))

const ask = frame => new Promise(resolve => {
  const timer = setTimeout(() => answer(["U", frame[1], null, "no answer from the server"]), ANSWER_WITHIN)
  waiting.set(frame[1], reply => resolve(reply, clearTimeout(timer)))
  if (!window.hypergen.socket.send(frame)) answer(["U", frame[1], null, "not connected"])
})

async function send(handler, file, sent) {
  const id = ++last
  let reply = await ask(["u", id, handler, file.name, file.size, file.type])
  const [, , , size, every] = reply
  let at = 0
  for (let offset = 0; reply[2] != null && offset < file.size; offset = reply[2]) {
    await new Promise(go => setTimeout(go, at + every - Date.now()))
    at = Date.now()
    const data = new Uint8Array(await file.slice(offset, offset + size).arrayBuffer())
    reply = await ask(["u+", id, offset, data])
    if (reply[2] != null) sent(reply[2] - offset)
  }
  if (reply[2] == null) throw Error(`${file.name}: ${reply[3]}`)
  return id
}

export async function wsupload(handler, args) {
  const { event, fail } = window.hypergen.ext
  const inputs = args.filter(arg => typeof arg?.$upload == "string").map(arg => [arg, document.getElementById(arg.$upload)])
  const total = inputs.reduce((n, [, input]) => [...input.files].reduce((n, file) => n + file.size, n), 0)
  let loaded = 0
  progress(0, total)
  try {
    for (const [arg, input] of inputs) {
      const ids = []
      for (const file of input.files) ids.push(await send(handler, file, n => progress((loaded += n), total)))
      arg.$upload = ids
    }
    progress()
    return await event(handler, args, inputs[0]?.[1] || document.body)
  } catch (err) {
    progress()
    fail(err.message)
  }
}
