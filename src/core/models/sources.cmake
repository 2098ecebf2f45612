# Sources of core/models (item models are QtCore), added to planhatcore.
