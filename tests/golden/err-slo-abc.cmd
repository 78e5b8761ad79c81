budget --slo abc
