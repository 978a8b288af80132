import XendModel
import Xenlight

extension DeviceVfb {
    /// A PV framebuffer, `(vfb (vnc 1) (vnclisten 0.0.0.0) ...)` or xend 3.0's `(vfb (type vnc))`.
    init(xend framebuffer: Framebuffer) {
        self.init()
        let wantsVNC = framebuffer.vnc ?? (framebuffer.type == "vnc")
        let wantsSDL = framebuffer.sdl ?? (framebuffer.type == "sdl")
        vnc.enable = Defbool(wantsVNC)
        vnc.listen = framebuffer.vnclisten
        vnc.passwd = framebuffer.vncpasswd
        if let display = framebuffer.vncdisplay, let small = Int32(exactly: display) { vnc.display = small }
        if let unused = framebuffer.vncunused { vnc.findunused = Defbool(unused) }
        sdl.enable = Defbool(wantsSDL)
        sdl.display = framebuffer.display
        sdl.xauthority = framebuffer.xauthority
        keymap = framebuffer.keymap
    }
}
