internal import CLibxl
import FoundationEssentials

#if canImport(Glibc)
    import Glibc
#endif

// Conversions for libxl's builtin types. Anything written here into a C value is malloc'd,
// because the owning struct's libxl_<T>_dispose frees it.

/// A `strdup`ed copy for a C field, or NULL.
func makeCString(_ string: String?) -> UnsafeMutablePointer<CChar>? {
    guard let string else { return nil }
    return strdup(string)
}

/// Copies a C array of `count` elements out.
func cArray<E, T>(_ pointer: UnsafeMutablePointer<E>?, count: Int32, _ transform: (E) -> T) -> [T] {
    guard let pointer, count > 0 else { return [] }
    return (0..<Int(count)).map { transform(pointer[$0]) }
}

/// A `calloc`ed C array holding `values`; each element is initialized (when `initialize` is given), then filled.
func makeCArray<E, T>(
    _ values: [T], of elementType: E.Type, initialize: ((UnsafeMutablePointer<E>) -> Void)?, fill: (inout E, T) -> Void
) -> (UnsafeMutablePointer<E>?, Int32) {
    guard !values.isEmpty, let raw = calloc(values.count, MemoryLayout<E>.stride) else { return (nil, 0) }
    let pointer = raw.bindMemory(to: E.self, capacity: values.count)
    for (index, value) in values.enumerated() {
        initialize?(pointer + index)
        fill(&pointer[index], value)
    }
    return (pointer, Int32(values.count))
}

func stringList(fromC list: libxl_string_list?) -> [String] {
    guard let list else { return [] }
    var result: [String] = []
    var index = 0
    while let item = list[index] {
        result.append(String(cString: item))
        index += 1
    }
    return result
}

/// A NULL-terminated, malloc'd `libxl_string_list`, or NULL when empty (libxl's default).
func makeStringList(_ strings: [String]) -> libxl_string_list? {
    guard !strings.isEmpty, let raw = calloc(strings.count + 1, MemoryLayout<UnsafeMutablePointer<CChar>?>.stride)
    else { return nil }
    let list = raw.bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: strings.count + 1)
    for (index, string) in strings.enumerated() { list[index] = strdup(string) }
    return list
}

func keyValueList(fromC list: libxl_key_value_list?) -> [String: String?] {
    guard let list else { return [:] }
    var result: [String: String?] = [:]
    var index = 0
    while let key = list[index] {
        result[String(cString: key)] = .some(list[index + 1].map { String(cString: $0) })
        index += 2
    }
    return result
}

/// Key, value, key, value, ..., NULL; keys in sorted order so the C value is deterministic.
func makeKeyValueList(_ pairs: [String: String?]) -> libxl_key_value_list? {
    guard !pairs.isEmpty, let raw = calloc(pairs.count * 2 + 1, MemoryLayout<UnsafeMutablePointer<CChar>?>.stride)
    else { return nil }
    let list = raw.bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: pairs.count * 2 + 1)
    for (index, key) in pairs.keys.sorted().enumerated() {
        list[index * 2] = strdup(key)
        list[index * 2 + 1] = makeCString(pairs[key] ?? nil)
    }
    return list
}

func hwcap(fromC words: libxl_hwcap) -> [UInt32] {
    withUnsafeBytes(of: words) { Array($0.bindMemory(to: UInt32.self)) }
}

func fillHwcap(_ c: inout libxl_hwcap, _ words: [UInt32]) {
    withUnsafeMutableBytes(of: &c) { raw in
        let target = raw.bindMemory(to: UInt32.self)
        for index in target.indices { target[index] = index < words.count ? words[index] : 0 }
    }
}

extension Defbool {
    init(fromC c: libxl_defbool) {
        if libxl_defbool_is_default(c) {
            self = .default
        } else {
            self = libxl_defbool_val(c) ? .true : .false
        }
    }

    func fill(_ c: inout libxl_defbool) {
        switch self {
        case .default: libxl_defbool_unset(&c)
        case .true: libxl_defbool_set(&c, true)
        case .false: libxl_defbool_set(&c, false)
        }
    }
}

extension Bitmap {
    init(fromC c: libxl_bitmap) {
        guard let map = c.map, c.size > 0 else {
            self.init()
            return
        }
        var set: [Int] = []
        for byte in 0..<Int(c.size) where map[byte] != 0 {
            for bit in 0..<8 where map[byte] & (1 << bit) != 0 { set.append(byte * 8 + bit) }
        }
        self.init(set)
    }

    /// Replaces the bitmap's buffer with one just large enough for the set bits.
    func fill(_ c: inout libxl_bitmap) {
        free(c.map)
        c.map = nil
        c.size = 0
        guard let highest = indices.last else { return }
        let bytes = highest / 8 + 1
        guard let raw = calloc(bytes, 1) else { return }
        let map = raw.bindMemory(to: UInt8.self, capacity: bytes)
        for index in indices { map[index / 8] |= UInt8(1 << (index % 8)) }
        c.map = map
        c.size = UInt32(bytes)
    }
}

extension UUID {
    init(fromC c: libxl_uuid) {
        self.init(uuid: c.uuid)
    }

    func fill(_ c: inout libxl_uuid) {
        c.uuid = uuid
    }
}

extension MAC {
    init(fromC c: libxl_mac) {
        self.init(bytes: withUnsafeBytes(of: c) { Array($0) })
    }

    func fill(_ c: inout libxl_mac) {
        withUnsafeMutableBytes(of: &c) { raw in
            for index in raw.indices { raw[index] = bytes[index] }
        }
    }
}

extension VMGenerationID {
    init(fromC c: libxl_ms_vm_genid) {
        self.init(bytes: withUnsafeBytes(of: c.bytes) { Array($0) })
    }

    func fill(_ c: inout libxl_ms_vm_genid) {
        withUnsafeMutableBytes(of: &c.bytes) { raw in
            for index in raw.indices { raw[index] = bytes[index] }
        }
    }
}

/// Runs `body` with a C copy of `bitmap` (NULL for nil), disposed afterwards.
func withCBitmap<R>(_ bitmap: Bitmap?, _ body: (UnsafeMutablePointer<libxl_bitmap>?) -> R) -> R {
    guard let bitmap else { return body(nil) }
    var map = libxl_bitmap()
    libxl_bitmap_init(&map)
    defer { libxl_bitmap_dispose(&map) }
    bitmap.fill(&map)
    return body(&map)
}
