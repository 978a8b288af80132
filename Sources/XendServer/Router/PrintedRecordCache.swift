import ThreadShards

/// The printed S-expression of the last value rendered, reused while the value stays equal.
///
/// `GET /xend/node` is every client's probe and the node record rarely changes between two calls,
/// while printing it through the model's field tables costs more than the rest of the request.
/// An equal value prints to the same bytes, so reuse is exact. Each thread keeps its own last entry
/// (``ThreadShards``): with one for all, every request took the lock, the entry's reference count and its
/// body's from the other threads' cores (docs/performance.md, "One slot per thread").
final class PrintedRecordCache<Value: Hashable & Sendable>: Sendable {
    /// A value and its printed text, shared by reference: handing it out retains one object, where
    /// copying a record retains each of its strings.
    final class Entry: Sendable {
        let value: Value
        let text: String
        /// `text`'s UTF-8, the body of every S-expression reply of this value: responses that share its
        /// storage let the engine send the response it built for the last one again.
        let utf8: [UInt8]

        /// `body` applied to the value, borrowed.
        func withValue<Result>(_ body: (Value) -> Result) -> Result {
            body(value)
        }

        init(value: Value, text: String) {
            self.value = value
            self.text = text
            utf8 = Array(text.utf8)
        }
    }

    private let last = ThreadShards<Entry?> { nil }

    /// The printed text of `value`, from `print` or from the cache when the last value was equal.
    func text(of value: Value, print: (Value) -> String) -> String {
        entry(of: value, print: print).text
    }

    /// The last entry while `changed` finds no newer value for it, otherwise the newer value (or, before
    /// the first, the one `fresh` gives) with its printed text. `changed` gets the cached value borrowed
    /// from its entry, so checking copies nothing.
    func entry<Failure: Error>(
        changed: (Value) throws(Failure) -> Value?, fresh: () throws(Failure) -> Value, print: (Value) -> String
    ) throws(Failure) -> Entry {
        guard let cached = last.withCurrent({ $0 }) else { return entry(of: try fresh(), print: print) }
        guard let newer = try changed(cached.value) else { return cached }
        return entry(of: newer, print: print)
    }

    /// `value` with its printed text, from `print` or from the cache when the last value was equal.
    func entry(of value: Value, print: (Value) -> String) -> Entry {
        if let cached = last.withCurrent({ $0 }), cached.value == value { return cached }
        let entry = Entry(value: value, text: print(value))
        last.withCurrent { $0 = entry }
        return entry
    }
}

extension PrintedRecordCache.Entry: Encodable where Value: Encodable {
    /// Encodes as the value itself.
    func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
    }
}
