public import XendModel
public import Xenlight

extension DomainConfig {
    /// The libxl config that builds the domain a xend `(vm ...)` describes (what `xm create` and libvirt send).
    ///
    /// The mapping, key by key, is in docs/libxl-backend.md. Keys with no libxl meaning that xend only recorded
    /// (`description`, `on_xend_start`...) are left to the stored config; devices libxl cannot build here
    /// throw ``XendModel/XendError/notSupportedByLibxl(_:)``.
    public init(xend config: VMConfig) throws(XendError) {
        self.init()
        let kind = try GuestKind(of: config)
        cInfo.type = kind.libxlType
        cInfo.name = config.name.rawValue
        if let uuid = config.uuid { cInfo.uuid = uuid }
        cInfo.poolName = config.poolName

        if let memory = config.memory { bInfo.targetMemkb = memory.inKibibytes }
        if let maximum = config.effectiveMaxmem { bInfo.maxMemkb = maximum.inKibibytes }
        if let shadow = config.shadowMemory { bInfo.shadowMemkb = shadow.inKibibytes }
        let vcpus = config.effectiveVCPUs
        guard vcpus >= 1, vcpus <= Int(Int32.max) else {
            throw .invalidConfigurationValue("vcpus must be at least 1, got \(vcpus)")
        }
        bInfo.maxVCPUs = Int32(vcpus)
        bInfo.availVCPUs = Bitmap(0..<vcpus)
        if let affinity = config.cpus {
            bInfo.vcpuHardAffinity = try affinity.perVCPULists(count: vcpus).map { Bitmap($0) }
        }
        if let weight = config.cpuWeight { bInfo.schedParams.weight = try Self.int32(weight, "cpu_weight") }
        if let cap = config.cpuCap { bInfo.schedParams.cap = try Self.int32(cap, "cpu_cap") }
        if let localtime = config.localtime { bInfo.localtime = Defbool(localtime) }
        bInfo.bootloader = config.bootloader
        if let arguments = config.bootloaderArgs {
            bInfo.bootloaderArgs = arguments.split(whereSeparator: \.isWhitespace).map(String.init)
        }

        onPoweroff = config.onPoweroff?.libxlAction ?? .destroy
        onReboot = config.onReboot?.libxlAction ?? .restart
        onCrash = config.onCrash?.libxlAction ?? .restart

        switch config.image {
        case .hvm(let image):
            try applyHVM(image)
        case .linux(let image):
            applyLinux(image, kind: kind)
        case nil:
            bInfo.type = kind == .pvh ? .pvh(.init()) : .pv(.init())
        }
        for device in config.devices {
            try add(device, hvm: kind == .hvm)
        }
    }

    /// A PV or PVH guest: kernel, ramdisk and command line (with `root=`/`ip=` folded in as xend did).
    private mutating func applyLinux(_ image: LinuxImage, kind: GuestKind) {
        bInfo.kernel = image.kernel
        bInfo.ramdisk = image.ramdisk
        let commandLine = image.commandLine
        bInfo.cmdline = commandLine.isEmpty ? nil : commandLine
        if let mode = image.tscMode { bInfo.tscMode = TscMode(rawValue: Int32(clamping: mode)) }
        if let nomigrate = image.nomigrate { bInfo.disableMigrate = Defbool(nomigrate != 0) }
        if kind == .pvh {
            bInfo.type = .pvh(.init())
        } else {
            var pv = DomainBuildInfo.PV()
            if let e820Host = image.e820Host { pv.e820Host = Defbool(e820Host) }
            bInfo.type = .pv(pv)
        }
    }

    static func int32(_ value: Int, _ key: String) throws(XendError) -> Int32 {
        guard let small = Int32(exactly: value) else {
            throw .invalidConfigurationValue("\(key) out of range: \(value)")
        }
        return small
    }
}

extension GuestKind {
    var libxlType: DomainType {
        switch self {
        case .pv: .pv
        case .pvh: .pvh
        case .hvm: .hvm
        }
    }
}
