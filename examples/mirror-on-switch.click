// The ClickOS paper's EtherMirror middlebox on a switch port: frames that reach the port are
// sent back with source and destination swapped. Attaches by itself to the switch `vale0`
// whose control socket is $SOCKET (clickos-run needs no host to hand it a port).
//   clickos-switch --socket /tmp/sw.sock &
//   clickos-run examples/mirror-on-switch.click SOCKET=/tmp/sw.sock -h mirrored.count

define($SOCKET /run/clickos/switch.sock, $SECONDS 2);

FromNetfront(0, SWITCH vale0, SOCKET $SOCKET, MAC 02:00:00:00:00:aa)
  -> mirrored :: Counter
  -> EtherMirror
  -> ToNetfront(0);

DriverManager(wait $SECONDS, stop);
