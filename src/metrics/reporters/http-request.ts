import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { MetricDeliveryError } from '../../errors.js'

/** What an HTTP exchange returned. */
export interface HttpResponse {
  readonly status: number
  readonly body: string
}

/** One HTTP request of a reporter. */
export interface HttpRequestOptions {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  readonly url: string
  readonly body?: string
  readonly headers?: Readonly<Record<string, string>>
  /** Time allowed to establish the connection. */
  readonly connectTimeoutMs: number
  /** Time allowed for the whole exchange; the socket is destroyed after it. */
  readonly timeoutMs: number
}

/** Sends one request and collects the response; rejects on network errors and timeouts, never hangs. */
export function sendHttpRequest(options: HttpRequestOptions): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(options.url)
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest
    const body = options.body === undefined ? undefined : Buffer.from(options.body, 'utf8')
    const request = send(url, {
      method: options.method,
      headers: { ...options.headers, ...(body !== undefined ? { 'content-length': String(body.length) } : {}) },
      agent: false,
    })
    const overall = setTimeout(() => request.destroy(new MetricDeliveryError(`no response within ${options.timeoutMs} ms`)), options.timeoutMs)
    request.on('socket', (socket) => {
      if (!socket.connecting) return
      const connect = setTimeout(() => request.destroy(new MetricDeliveryError(`could not connect within ${options.connectTimeoutMs} ms`)),
        options.connectTimeoutMs)
      socket.once('connect', () => clearTimeout(connect))
      socket.once('close', () => clearTimeout(connect))
    })
    request.on('error', (error) => {
      clearTimeout(overall)
      reject(error)
    })
    request.on('response', (response) => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => { text += chunk })
      response.on('end', () => {
        clearTimeout(overall)
        resolve({ status: response.statusCode ?? 0, body: text })
      })
      response.on('error', (error) => {
        clearTimeout(overall)
        reject(error)
      })
    })
    request.end(body)
  })
}

/** Throws unless the server accepted the request (2xx), quoting the start of its answer. */
export function checkAccepted(response: HttpResponse, what: string): void {
  if (response.status >= 200 && response.status < 300) return
  const body = response.body.trim()
  throw new MetricDeliveryError(`${what} answered HTTP ${response.status}${body !== '' ? `: ${body.slice(0, 300)}` : ''}`)
}
