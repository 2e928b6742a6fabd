"""签到: the host opens sign-in, the room's screen shows a rotating code and QR code,
members sign in from their phones; the host or recorder sets attendance by hand."""
