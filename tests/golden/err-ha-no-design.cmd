ha
