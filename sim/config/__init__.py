"""Configuration: the Hydra schema and its explicit registration (``schema.register``),
validation into the model's typed parameters (``validation.to_typed``), config-file
errors (``files``) and the sample space of studies (``sample_space``).

Nothing here runs the model; ``sim.model`` never imports this package.
"""
