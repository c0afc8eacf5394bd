# capture/local.mk
