"""Demo mode and demo activity: clients of the services, like the console and the cli.

``clerk.demo.mode`` seeds what demo mode needs (the console imports it on every start,
so it stays light); ``clerk.demo.activity`` drives days of hall work through the real
use cases.
"""
