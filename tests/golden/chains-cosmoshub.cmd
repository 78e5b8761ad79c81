chains cosmoshub
