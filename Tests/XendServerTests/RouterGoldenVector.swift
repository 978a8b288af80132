import XendServer

@testable import XendHTTP

/// One of the 48 request/response vectors of docs/protocol.md#golden-vectors, adapted to the simulated host
/// (``RouterHost``), with the golden file holding the exact bytes the daemon answers.
struct RouterGoldenVector: Sendable, CustomStringConvertible {
    /// Golden file name without extension: vector number, then what it is.
    let name: String
    /// Requests sent first on their own connections, answers ignored (state the vector needs).
    var setup: [String] = []
    /// The raw request; `$DIR` stands for the host's temporary directory.
    let request: String
    /// Unix socket unless the vector is about TCP.
    var transport: HTTPTransport = .unix
    /// The engine's body cap for this vector (the original's 10 000 bytes for #47).
    var maximumBodySize = 1 << 20
    /// Where the answer differs from the original's and why; written into the golden file.
    var note: String = ""

    var description: String { name }

    /// A libvirt-style GET: `Host: localhost:8000`, no User-Agent, no Accept.
    static func get(_ name: String, _ target: String, headers: String = "", note: String = "") -> RouterGoldenVector {
        RouterGoldenVector(
            name: name,
            request: "GET \(target) HTTP/1.1\r\nHost: localhost:8000\r\nAccept-Encoding: identity\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\n\(headers)\r\n",
            note: note)
    }

    /// A libvirt-style POST with an urlencoded (or, as libvirt sent it, raw) body.
    static func post(
        _ name: String, _ target: String, _ body: String, setup: [String] = [], transport: HTTPTransport = .unix,
        note: String = ""
    ) -> RouterGoldenVector {
        RouterGoldenVector(
            name: name, setup: setup, request: postRequest(target, body), transport: transport, note: note)
    }

    static func postRequest(_ target: String, _ body: String, contentType: String = "application/x-www-form-urlencoded")
        -> String
    {
        "POST \(target) HTTP/1.1\r\nHost: localhost:8000\r\nAccept-Encoding: identity\r\n"
            + "Content-Type: \(contentType)\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }
}
