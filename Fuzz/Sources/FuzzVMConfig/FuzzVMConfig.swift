import SExpression
import XendModel

// libFuzzer entry point (libFuzzer brings `main`). Any text given as op=create/op=new's `config` must
// give a VMConfig or a XendError, never a crash. A config that was accepted must print as `(vm ...)`
// text that is accepted again and prints the same (what op=new stores is what the next start reads).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let text = String(validating: UnsafeBufferPointer(start: data, count: size), as: UTF8.self) else {
        return 0
    }
    let config: VMConfig
    do {
        config = try VMConfig(parsing: text)
    } catch {
        precondition(!error.message.isEmpty, "an error without a message for \(text)")
        return 0
    }
    let printed = config.toSExpression().description
    let reparsed: VMConfig
    do {
        reparsed = try VMConfig(parsing: printed)
    } catch {
        fatalError("printed config is refused (\(error.message)): \(printed) from \(text)")
    }
    let reprinted = reparsed.toSExpression().description
    precondition(reprinted == printed, "printing is not stable: \(printed) then \(reprinted)")
    return 0
}
