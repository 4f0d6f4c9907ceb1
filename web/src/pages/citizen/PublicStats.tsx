export default function PublicStats() { return <div>PublicStats</div>; }
