import SExpression
import XendModel

/// Which kind of guest a `(vm ...)` asks for.
///
/// xend knew PV (`(image (linux ...))`) and HVM (`(image (hvm ...))`). PVH, which came after xend, is asked
/// for as xl asks for it: a top-level `(type pvh)` next to a `(linux ...)` image, which then gives the
/// kernel, ramdisk and command line. `(type pv)` and `(type hvm)` are accepted when they agree with the image.
enum GuestKind: String, Hashable, Sendable {
    case pv, pvh, hvm

    /// The kind of `config`.
    /// - Throws: `Invalid Configuration: ...` for an unknown `type`, or one the image contradicts.
    init(of config: VMConfig) throws(XendError) {
        let imageKind: GuestKind = config.image?.isHVM == true ? .hvm : .pv
        guard let typeValue = config.extra.value("type") else {
            self = imageKind
            return
        }
        guard let text = typeValue.atomValue, let requested = GuestKind(rawValue: text) else {
            throw .invalidConfigurationValue("Unknown guest type: \(typeValue)")
        }
        switch (requested, imageKind) {
        case (.pv, .pv), (.pvh, .pv), (.hvm, .hvm):
            self = requested
        default:
            throw .invalidConfigurationValue("guest type \(requested.rawValue) does not match the image")
        }
    }
}
