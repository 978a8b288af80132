import XendModel
import Xenlight

extension LifecycleAction {
    /// libxl's action for this xend action (`rename-restart` is libxl's `restart-rename`).
    var libxlAction: ActionOnShutdown {
        switch self {
        case .destroy: .destroy
        case .restart: .restart
        case .preserve: .preserve
        case .renameRestart: .restartRename
        case .coredumpDestroy: .coredumpDestroy
        case .coredumpRestart: .coredumpRestart
        }
    }
}
