"""Lägesbild: a kommun's picture of the crime in its area (lag 2023:196), in dated versions.

A lägesbild names its problems (what, where, when, who is affected: places, situations and groups,
never individuals), their causes and the indicators that measure them; the åtgärder of the kommun's
promises are linked to the causes they address. See docs/situation.md.
"""
