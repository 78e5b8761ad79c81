chains solanna
