"""Clock procedures other than the case's (`core.clock.engine.CASE`), each a
`Procedure` on the one engine (`core.clock.fold`): `disclosure`, `penalty`."""
