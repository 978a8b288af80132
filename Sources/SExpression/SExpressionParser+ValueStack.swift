extension SExpressionParser {
    /// The values of every list still open, end to end in one buffer that the parser manages itself.
    ///
    /// When a list closes, its values are moved (not copied) into one exactly sized array, so building the
    /// tree costs no reference counting and no array regrowth. Noncopyable, so the buffer has one owner,
    /// and its `deinit` frees whatever is left when parsing stops early with an error.
    struct ValueStack: ~Copyable {
        private var base: UnsafeMutablePointer<SExpression>
        private var capacity: Int
        /// Number of values on the stack.
        private(set) var count = 0

        init(capacity: Int = 64) {
            self.capacity = capacity
            base = .allocate(capacity: capacity)
        }

        deinit {
            base.deinitialize(count: count)
            base.deallocate()
        }

        mutating func push(_ value: consuming SExpression) {
            if count == capacity { grow() }
            (base + count).initialize(to: value)
            count += 1
        }

        /// Moves the values from index `start` to the top into a new array and removes them from the stack.
        mutating func popArray(from start: Int) -> [SExpression] {
            let length = count - start
            guard length > 0 else { return [] }
            let source = base + start
            count = start
            return [SExpression](unsafeUninitializedCapacity: length) { buffer, initialized in
                buffer.baseAddress!.moveInitialize(from: source, count: length)
                initialized = length
            }
        }

        private mutating func grow() {
            let newCapacity = capacity * 2
            let newBase = UnsafeMutablePointer<SExpression>.allocate(capacity: newCapacity)
            newBase.moveInitialize(from: base, count: count)
            base.deallocate()
            base = newBase
            capacity = newCapacity
        }
    }
}
