/// A request body codec: one per api, covering every version Flightdeck decodes.
public protocol RequestBody: WireBody {}
