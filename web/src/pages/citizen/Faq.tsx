export default function Faq() { return <div>Faq</div>; }
