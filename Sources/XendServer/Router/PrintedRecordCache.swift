import Synchronization

/// The printed S-expression of the last value rendered, reused while the value stays equal.
///
/// `GET /xend/node` is every client's probe and the node record rarely changes between two calls,
/// while printing it through the model's field tables costs more than the rest of the request.
/// An equal value prints to the same bytes, so reuse is exact.
final class PrintedRecordCache<Value: Hashable & Sendable>: Sendable {
    private let last = Mutex<(value: Value, text: String)?>(nil)

    /// The printed text of `value`, from `print` or from the cache when the last value was equal.
    func text(of value: Value, print: (Value) -> String) -> String {
        if let cached = last.withLock({ $0 }), cached.value == value { return cached.text }
        let text = print(value)
        last.withLock { $0 = (value, text) }
        return text
    }
}
