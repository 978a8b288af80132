/// The original daemon's standard messages (docs/protocol.md#error-messages). Clients grep for these texts,
/// so they are reproduced exactly; `Python.repr` supplies Python 2's quoting where the original used it.
extension XendError {
    /// `Missing parameter: <name>`: a declared op parameter was not sent.
    public static func missingParameter(_ name: String) -> XendError {
        XendError(.operationFailed, "Missing parameter: \(name)")
    }

    /// `'<name>'`: the KeyError text of ops that read a parameter directly (op=shutdown's `reason`).
    public static func missingKey(_ name: String) -> XendError {
        XendError(.operationFailed, Python.repr(name))
    }

    /// `Too many values for <name>`: a declared parameter was sent more than once.
    public static func tooManyValues(_ name: String) -> XendError {
        XendError(.operationFailed, "Too many values for \(name)")
    }

    /// `invalid literal for int() with base 10: '<text>'`: Python's `int()` refused `text`.
    public static func invalidInteger(_ text: String) -> XendError {
        XendError(.operationFailed, "invalid literal for int() with base 10: \(Python.repr(text))")
    }

    /// `Invalid reason: <reason>`: op=shutdown with a reason outside `poweroff reboot halt suspend crash`.
    public static func invalidReason(_ reason: String) -> XendError {
        XendError(.operationFailed, "Invalid reason: \(reason)")
    }

    /// `Cannot <operation> privileged domain 0`, e.g. `privilegedDomain("pause")`.
    public static func privilegedDomain(_ operation: String) -> XendError {
        XendError(.operationFailed, "Cannot \(operation) privileged domain 0")
    }

    /// `Domain is not running`.
    public static let domainNotRunning = XendError(.operationFailed, "Domain is not running")

    /// `can't read guest state file <path>: <strerror>` (op=restore).
    public static func cannotReadStateFile(_ path: String, _ reason: String) -> XendError {
        XendError(.operationFailed, "can't read guest state file \(path): \(reason)")
    }

    /// `can't write guest state file <path>: <strerror>` (op=save).
    public static func cannotWriteStateFile(_ path: String, _ reason: String) -> XendError {
        XendError(.operationFailed, "can't write guest state file \(path): \(reason)")
    }

    /// `can't connect: <strerror>` (op=migrate).
    public static func cannotConnect(_ reason: String) -> XendError {
        XendError(.operationFailed, "can't connect: \(reason)")
    }

    /// `unknown device type: <type>` (op=devices, op=device_destroy).
    public static func unknownDeviceType(_ type: String) -> XendError {
        XendError(.operationFailed, "unknown device type: \(type)")
    }

    /// `BVT scheduler not supported` (op=cpu_bvt_set, op=cpu_bvt_slice_set of Xen 3.0.x's clients).
    public static let bvtSchedulerNotSupported = XendError(.operationFailed, "BVT scheduler not supported")

    /// The error text libxc gave the original for a call to a scheduler the domain does not run under
    /// (`EINVAL`): `domain_sched_credit_*` on a credit2 host and the reverse, `cpu_sedf_*` on either.
    public static let schedulerNotInUse = XendError(.operationFailed, "(22, 'Invalid argument')")

    /// xend's text for detaching a PCI function from a domain without a PCI back-end.
    public static let noPCIPlatform = XendError(.operationFailed, "Cannot detach when pci platform does not exist")

    /// A `(pci ...)` for device_configure without the state saying what to do with it.
    public static func pciHotplugStateNeeded(_ state: String?) -> XendError {
        XendError(
            .operationFailed,
            "pci device_configure needs (state Initialising) to attach or (state Closing) to detach, not \(state ?? "none")"
        )
    }

    /// `Device <device> is not defined`.
    public static func deviceNotDefined(_ device: String) -> XendError {
        XendError(.operationFailed, "Device \(device) is not defined")
    }

    /// `Invalid configuration <parser message>`: the `config` parameter is not an S-expression.
    public static func invalidConfiguration(_ parserMessage: String) -> XendError {
        XendError(.operationFailed, "Invalid configuration \(parserMessage)")
    }

    /// `Configuration error <detail>`, e.g. `Configuration error list index out of range` for an empty config.
    public static func configurationError(_ detail: String) -> XendError {
        XendError(.operationFailed, "Configuration error \(detail)")
    }

    /// The message for an empty `config` parameter (vector #29).
    public static let emptyConfiguration = configurationError("list index out of range")

    /// `Invalid Configuration: <detail>`: XendConfig's validation error (bad `on_*` value, bad device class).
    public static func invalidConfigurationValue(_ detail: String) -> XendError {
        XendError(.operationFailed, "Invalid Configuration: \(detail)")
    }

    /// `Error creating domain: <message>`: how op=create wraps any failure after parsing.
    public static func errorCreatingDomain(_ message: String) -> XendError {
        XendError(.operationFailed, "Error creating domain: \(message)")
    }

    /// `Error creating domain: <message of cause>`.
    public static func errorCreatingDomain(_ cause: XendError) -> XendError {
        errorCreatingDomain(cause.message)
    }

    /// `Missing VM Name`: a config without `name`.
    public static let missingName = XendError(.operationFailed, "Missing VM Name")

    /// `Invalid VM Name`: a name outside `[A-Za-z0-9_.:+-]+`.
    public static let invalidName = XendError(.operationFailed, "Invalid VM Name")

    /// `VM name '<name>' already exists`.
    public static func nameExists(_ name: String) -> XendError {
        XendError(.operationFailed, "VM name \(Python.repr(name)) already exists")
    }

    /// `Invalid Configuration: Invalid restart event: <key> = <value>` for an `on_*` value outside the actions.
    public static func invalidRestartEvent(_ key: String, _ value: String) -> XendError {
        invalidConfigurationValue("Invalid restart event: \(key) = \(value)")
    }

    /// `Invalid Configuration: Invalid device (<class>)` for a `(device (<class> ...))` of no known class.
    public static func invalidDeviceClass(_ deviceClass: String) -> XendError {
        invalidConfigurationValue("Invalid device (\(deviceClass))")
    }

    /// `<Fault 3: '<dom>'>`: the 404 body for an unknown domain (last xend).
    public static func noSuchDomain(_ reference: String) -> XendError {
        XendError(.notFound, "<Fault 3: \(Python.repr(reference))>")
    }

    /// `Operation not implemented: <op>` (501).
    public static func operationNotImplemented(_ op: String) -> XendError {
        XendError(.notImplemented, "Operation not implemented: \(op)")
    }

    /// A reply or stored record lacks a field this model needs (not an original message: the original
    /// never parsed its own records).
    public static func missingField(_ key: String, in tag: String) -> XendError {
        XendError(.badRequest, "Missing field \(key) in (\(tag) ...)")
    }

    /// A field's value has the wrong shape, e.g. a list where a string belongs (not an original message).
    public static func malformedField(_ key: String, in tag: String, _ detail: String) -> XendError {
        XendError(.badRequest, "Malformed field \(key) in (\(tag) ...): \(detail)")
    }
}
