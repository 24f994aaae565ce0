/// Why a transport could not hand a message over, as the worker records it.
protocol DeliveryFailure: Error {
    /// Retrying cannot help.
    var isPermanent: Bool { get }
    /// What may be logged and stored in `last_error`: the stage and the server's codes, never its
    /// reply text or answer body, which can echo the recipient's address or number.
    var summary: String { get }
}
