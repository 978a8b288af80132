import Testing
import XendModel

@testable import XendServer

#if canImport(Glibc)
    import Glibc
#endif

/// Save, restore and dump paths are confined to the save directory after resolving `..` and links.
@Suite("Router: save directory confinement")
struct RouterSavePathTests {
    @Test("paths inside resolve; .., links and other places are refused with 403")
    func confinement() throws {
        let host = try RouterHost(populated: false)
        let save = host.saveDirectory
        let policy = SavePathPolicy(directory: save)
        let root = try #require(SavePathPolicy.realPath(save))
        #expect(try policy.resolve(save + "/vm.chk", forReading: false) == root + "/vm.chk")
        symlink("/etc", save + "/etc-link")
        symlink(host.directory, save + "/up")
        mkdir(save + "/sub", 0o700)
        for path in [
            "/etc/shadow", save + "/../xend.log", save + "/etc-link/passwd", save + "/up/escape", save, save + "/", "",
            "relative.chk", save + "/missing-dir/x",
        ] {
            #expect(throws: XendError.self, "\(path)") { try policy.resolve(path, forReading: false) }
            do {
                _ = try policy.resolve(path, forReading: false)
            } catch {
                #expect(error.kind == .forbidden, "\(path)")
            }
        }
        #expect(try policy.resolve(save + "/sub/../vm.chk", forReading: false) == root + "/vm.chk")
        #expect(throws: XendError.cannotReadStateFile(save + "/absent.chk", "No such file or directory")) {
            try policy.resolve(save + "/absent.chk", forReading: true)
        }
    }

    @Test("a link inside the save directory that points out is refused for restore too")
    func restoreThroughLink() throws {
        let host = try RouterHost()
        symlink("/etc/passwd", host.saveDirectory + "/passwd.chk")
        let response = host.post("/xend/domain/", "op=restore&file=\(host.saveDirectory)/passwd.chk")
        #expect(response.status == 403)
        #expect(response.text.contains("is not inside the save directory"))
    }
}
