"""The Flet UI: declarative components and screens that call the services.

The only package that imports Flet. It never touches storage directly.
"""
