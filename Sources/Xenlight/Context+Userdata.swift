/// Per-domain data libxl stores for its caller (`libxl_userdata_*`), removed with the domain.
/// The daemon keeps each domain's configuration here under a key of its own, as xl does with `libxl-json`.
extension Context {
    /// Stores `data` under `key` for the domain (`libxl_userdata_store`); empty data deletes it.
    public func storeUserData(_ data: [UInt8], key: String, for domain: Domid) throws(XenlightError) {
        guard data.count <= Int(Int32.max) else { throw XenlightError.invalid.in("libxl_userdata_store") }
        let rc = data.withUnsafeBufferPointer { buffer in
            Calls.userdataStore(handle, domain.rawValue, key, buffer.baseAddress, CInt(buffer.count))
        }
        try check(rc, "libxl_userdata_store")
    }

    /// The data stored under `key`, or nil when there is none (`libxl_userdata_retrieve`).
    public func userData(key: String, for domain: Domid) throws(XenlightError) -> [UInt8]? {
        let (rc, data) = Calls.userdataRetrieve(handle, domain.rawValue, key)
        try check(rc, "libxl_userdata_retrieve")
        return data
    }

    /// Deletes the data stored under `key` (`libxl_userdata_unlink`).
    public func removeUserData(key: String, for domain: Domid) throws(XenlightError) {
        try check(Calls.userdataUnlink(handle, domain.rawValue, key), "libxl_userdata_unlink")
    }
}
