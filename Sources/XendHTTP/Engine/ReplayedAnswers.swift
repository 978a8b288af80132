import ThreadShards

/// The last answer each worker thread may send again (``ResponseReplay``), with the request it answered.
///
/// Kept per thread (``ThreadShards``), like the decoded targets and the built responses: one for all made
/// every request take its lock and the kept answer's reference count from the other threads' cores
/// (docs/performance.md, "One slot per thread").
final class ReplayedAnswers: Sendable {
    /// A request as the engine compares it, and the answer the responder gave it.
    final class Answer: Sendable {
        let method: String
        let target: String
        let version: String
        let headers: HTTPHeaders
        let peerAddress: String?
        /// The request's path and `op` parameter, for the log line.
        let path: String
        let op: String?
        let response: HTTPResponse
        let replay: any ResponseReplay

        init(
            method: String, target: String, version: String, headers: HTTPHeaders, peerAddress: String?,
            path: String, op: String?, response: HTTPResponse, replay: any ResponseReplay
        ) {
            self.method = method
            self.target = target
            self.version = version
            self.headers = headers
            self.peerAddress = peerAddress
            self.path = path
            self.op = op
            self.response = response
            self.replay = replay
        }
    }

    private let last = ThreadShards<Answer?> { nil }

    /// Whether a request with these parts may be answered again: a `GET` without a body.
    static func mayReplay(method: String, bodyIsEmpty: Bool) -> Bool {
        bodyIsEmpty && method == "GET"
    }

    /// The calling thread's last answer, when it answered a request equal to this one and is still current.
    func answer(
        method: String, target: String, version: String, headers: HTTPHeaders, peerAddress: String?
    ) -> Answer? {
        guard let answer = last.withCurrent({ $0 }),
            answer.target == target, answer.method == method, answer.version == version,
            answer.peerAddress == peerAddress, answer.headers == headers,
            answer.replay.isCurrent()
        else { return nil }
        return answer
    }

    /// Keeps `answer` as the calling thread's last.
    func keep(_ answer: Answer) {
        last.withCurrent { $0 = answer }
    }
}
