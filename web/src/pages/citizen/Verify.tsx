export default function Verify() { return <div>Verify</div>; }
